/**
 * What the playground opens on: the query a router sends this subgraph, for a few demo chats. With
 * the demo provider the ids' last digits pick the answer (0–5 a picture, 6–7 none, 8–9 hidden).
 */
export const EXAMPLE_QUERY = `# Pictures of chats other subgraphs own,
# asked for the way a router does.
# Run it with Ctrl+Enter.
query DemoChatPictures {
  _entities(
    representations: [
      { __typename: "Chat", id: "15550000001@c.us" }
      { __typename: "Contact", id: "15550000002@s.whatsapp.net" }
      { __typename: "Group", id: "120363000000000003@g.us" }
      { __typename: "Chat", id: "15550000006@c.us" }
      { __typename: "Contact", id: "15550000008@c.us" }
    ]
  ) {
    ... on Chat {
      id
      picture { status url id expiresAt fetchedAt }
    }
    ... on Contact {
      id
      picture(preview: true) { status url preview }
    }
    ... on Group {
      id
      picture { status url }
    }
  }
}
`;
