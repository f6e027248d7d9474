import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Chat } from './chat.js';
import { Contact } from './contact.js';
import { DateTime } from './date-time.js';
import { Group } from './group.js';
import { DeleteGroupPicturePayload, SetGroupPicturePayload } from './group-picture-payloads.js';
import { Mutation } from './mutation.js';
import { ProfilePicture } from './profile-picture.js';

// UserError needs no resolvers: its source already has the schema's shape.
export const resolvers: Resolvers = {
  Chat,
  Contact,
  Group,
  DateTime,
  Mutation,
  ProfilePicture,
  SetGroupPicturePayload,
  DeleteGroupPicturePayload,
};
