import type { ChatResolvers } from '../__generated__/resolvers-types.js';

export const Chat: ChatResolvers = {
  __resolveReference: (reference) => reference,
  picture: (chat, args, { pictures }) => pictures.load('Chat', chat.id, args),
};
