import type { Resolvers } from '../__generated__/resolvers-types.js';
import { Chat } from './chat.js';
import { Contact } from './contact.js';
import { DateTime } from './date-time.js';
import { Group } from './group.js';

// ProfilePicture needs no resolvers: the domain Picture already has the schema's shape.
export const resolvers: Resolvers = { Chat, Contact, Group, DateTime };
