import { servePeer } from './peer-schema.js';

// P0, the overhead floor: the same query answered with static objects of the same shape, no I/O.
const expiresAt = new Date(Date.now() + 6 * 3_600_000);
const fetchedAt = new Date();

await servePeer((reference) => ({
  status: 'AVAILABLE',
  url: `https://pps.whatsapp.net/v/t61.24694-24/${reference.id}_n.jpg?oe=6B02D940`,
  id: 'QVRnCYE1eCBTJw0paDcgNr',
  preview: false,
  expiresAt,
  fetchedAt,
}));
