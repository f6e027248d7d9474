import type { ContactResolvers } from '../__generated__/resolvers-types.js';

export const Contact: ContactResolvers = {
  __resolveReference: (reference) => reference,
  picture: (contact, args, { pictures }) => pictures.load('Contact', contact.id, args),
};
