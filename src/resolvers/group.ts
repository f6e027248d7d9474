import type { GroupResolvers } from '../__generated__/resolvers-types.js';

export const Group: GroupResolvers = {
  __resolveReference: (reference) => reference,
  picture: (group, args, { pictures }) => pictures.load('Group', group.id, args),
};
