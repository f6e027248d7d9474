import type { DeleteGroupPicturePayloadResolvers, SetGroupPicturePayloadResolvers, UserError } from '../__generated__/resolvers-types.js';
import type { Refusal } from '../errors.js';
import type { GroupPictureChange } from '../pictures/group-picture-writer.js';

// A plain object: graphql-js treats an Error returned as a field's value as that field's failure.
function userError(refusal: Refusal): UserError {
  return {
    code: refusal.code,
    message: refusal.message,
    field: refusal.field === null ? null : [...refusal.field],
    retryAt: refusal.retryAt,
  };
}

function group(change: GroupPictureChange): { id: string } | null {
  return change.groupId === null ? null : { id: change.groupId };
}

export const SetGroupPicturePayload: SetGroupPicturePayloadResolvers = {
  group,
  // The group's full picture as it is after the change: read through the request's loader, so a
  // query of `group { picture }` beside it costs no second provider call.
  picture: (change, _, { pictures }) =>
    change.changed && change.groupId !== null ? pictures.load('Group', change.groupId, { preview: false, refresh: false }) : null,
  userErrors: (change) => change.refusals.map(userError),
};

export const DeleteGroupPicturePayload: DeleteGroupPicturePayloadResolvers = {
  group,
  userErrors: (change) => change.refusals.map(userError),
};
