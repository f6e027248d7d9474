import type { MutationResolvers } from '../__generated__/resolvers-types.js';

export const Mutation: MutationResolvers = {
  setGroupPicture: (_, { groupId, image }, { groupPictures }) => groupPictures.set(groupId, image),
  deleteGroupPicture: (_, { groupId }, { groupPictures }) => groupPictures.delete(groupId),
};
