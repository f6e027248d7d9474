import type { PictureSize, ProfilePictureResolvers } from '../__generated__/resolvers-types.js';
import type { HostedSize } from '../hosting/picture-paths.js';

const SIZES: Record<PictureSize, HostedSize> = { FULL: 'full', SMALL: 'small' };

// The plain fields resolve from PictureView's getters; these two compute URLs without I/O.
export const ProfilePicture: ProfilePictureResolvers = {
  hostedUrl: (view, { size }, { links }) => links.hostedUrl(view, SIZES[size]),
  displayUrl: (view, { initials, size }, { links }) => links.displayUrl(view, initials, SIZES[size]),
};
