/** The demo group both example mutations change: the example query shows its picture too. */
const DEMO_GROUP = '120363000000000003@g.us';

/**
 * A 16 px green PNG, small enough to read in the editor. The subgraph checks and normalises it
 * into a square JPEG before the provider sees it, as it would any upload.
 */
const TINY_PNG_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAACXBIWXMAAAPoAAAD6AG1e1JrAAAAFklEQVQoz2NQvZxGEmIY1TCqYfhqAADRaV4QoZGP3AAAAABJRU5ErkJggg==';

/**
 * A playground tab that changes a group picture on the demo provider, which keeps it in memory and
 * serves it itself. Running it twice in a row shows a refusal as data (RATE_LIMITED in
 * `userErrors`), which is the part of the contract users most need to see.
 */
export const EXAMPLE_SET_GROUP_PICTURE = `# Changes a demo group's picture. Run it, then
# run DemoChatPictures again to see the change.
# Run it twice in a row: the second change is
# refused, in userErrors, with RATE_LIMITED
# (GROUP_PICTURE_MIN_INTERVAL_SECONDS, 10 s by
# default).
# From a URL: image: { url: "https://..." },
# public https only (or a host:port named in
# IMAGE_FETCH_ALLOW_HOSTS).
mutation SetDemoGroupPicture {
  setGroupPicture(
    groupId: "${DEMO_GROUP}"
    image: { base64: "${TINY_PNG_BASE64}" }
  ) {
    group {
      id
      picture(preview: true) {
        id version url status preview
      }
    }
    picture { id version url status preview }
    userErrors { code message field retryAt }
  }
}
`;

/** The undo of the tab above: afterwards the group's picture is NOT_SET. */
export const EXAMPLE_DELETE_GROUP_PICTURE = `# Removes the demo group's picture; its status
# becomes NOT_SET. Too soon after a change, this
# too is refused with RATE_LIMITED.
mutation DeleteDemoGroupPicture {
  deleteGroupPicture(groupId: "${DEMO_GROUP}") {
    group {
      id
      picture { status url }
    }
    userErrors { code message }
  }
}
`;
