import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EntityRef } from '../pictures/entity-ref.js';
import type { PictureView } from '../pictures/picture-view.js';
import type { GroupPictureChange } from '../pictures/group-picture-writer.js';
import type { Context } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** An instant in time, serialised as an ISO 8601 string in UTC, for example `2026-11-22T09:30:00.000Z`. */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: any; output: any; }
};

/**
 * A WhatsApp conversation: with a person (`123@c.us`, `123@s.whatsapp.net`, `123@lid`), a group
 * (`123-456@g.us`, `120363…@g.us`) or a channel (`123@newsletter`). Owned by another subgraph;
 * this one adds its picture.
 */
export type Chat = {
  __typename?: 'Chat';
  /** The JID, exactly as the owning subgraph gives it. */
  id: Scalars['ID']['output'];
  /**
   * The chat's profile picture, or `null` with an error when it cannot be told (a malformed id, an
   * unreachable provider). Cached; see `fetchedAt` for its age.
   * Needs a verified caller (`UNAUTHENTICATED` otherwise) that may read the request's WhatsApp
   * session (`FORBIDDEN` otherwise) when the subgraph runs with AUTH_MODE=jwt.
   */
  picture?: Maybe<ProfilePicture>;
};


/**
 * A WhatsApp conversation: with a person (`123@c.us`, `123@s.whatsapp.net`, `123@lid`), a group
 * (`123-456@g.us`, `120363…@g.us`) or a channel (`123@newsletter`). Owned by another subgraph;
 * this one adds its picture.
 */
export type ChatPictureArgs = {
  preview?: Scalars['Boolean']['input'];
  refresh?: Scalars['Boolean']['input'];
};

/**
 * A WhatsApp user, by phone JID (`123@c.us` or `123@s.whatsapp.net`) or LID (`123@lid`).
 * Owned by another subgraph; this one adds its picture.
 */
export type Contact = {
  __typename?: 'Contact';
  /** The JID, exactly as the owning subgraph gives it. */
  id: Scalars['ID']['output'];
  /**
   * The contact's profile picture, or `null` with an error when it cannot be told (a malformed id,
   * an id that is not a person's, an unreachable provider).
   * Needs a verified caller (`UNAUTHENTICATED` otherwise) that may read the request's WhatsApp
   * session (`FORBIDDEN` otherwise) when the subgraph runs with AUTH_MODE=jwt.
   */
  picture?: Maybe<ProfilePicture>;
};


/**
 * A WhatsApp user, by phone JID (`123@c.us` or `123@s.whatsapp.net`) or LID (`123@lid`).
 * Owned by another subgraph; this one adds its picture.
 */
export type ContactPictureArgs = {
  preview?: Scalars['Boolean']['input'];
  refresh?: Scalars['Boolean']['input'];
};

/** The outcome of `deleteGroupPicture`. */
export type DeleteGroupPicturePayload = {
  __typename?: 'DeleteGroupPicturePayload';
  /** The group, when `groupId` was valid; its `picture` shows `NOT_SET` after a successful delete. */
  group?: Maybe<Group>;
  /** Why the removal was refused; empty on success. */
  userErrors: Array<UserError>;
};

/**
 * A WhatsApp group, by group JID (`123-456@g.us` or `120363…@g.us`).
 * Owned by another subgraph; this one adds its picture.
 */
export type Group = {
  __typename?: 'Group';
  /** The JID, exactly as the owning subgraph gives it. */
  id: Scalars['ID']['output'];
  /**
   * The group's picture, or `null` with an error when it cannot be told (a malformed id, an id that
   * is not a group's, an unreachable provider).
   * Needs a verified caller (`UNAUTHENTICATED` otherwise) that may read the request's WhatsApp
   * session (`FORBIDDEN` otherwise) when the subgraph runs with AUTH_MODE=jwt.
   */
  picture?: Maybe<ProfilePicture>;
};


/**
 * A WhatsApp group, by group JID (`123-456@g.us` or `120363…@g.us`).
 * Owned by another subgraph; this one adds its picture.
 */
export type GroupPictureArgs = {
  preview?: Scalars['Boolean']['input'];
  refresh?: Scalars['Boolean']['input'];
};

/**
 * A new picture, given as exactly one of `url` or `base64` (giving both or neither is an
 * `INVALID_IMAGE` user error). JPEG, PNG or WebP, at most IMAGE_MAX_BYTES (5 MiB by default); the
 * type is read from the bytes, not from a name or header.
 */
export type ImageInput = {
  /** The image's bytes in base64, or a `data:image/…;base64,…` URI. */
  base64?: InputMaybe<Scalars['String']['input']>;
  /**
   * A public `https` URL the subgraph downloads itself: no credentials, no private or loopback
   * address, at most 3 redirects. Providers that only take URLs (Wasend) download it themselves
   * after our checks.
   */
  url?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Removes a group's picture; afterwards its `picture.status` is `NOT_SET`. Providers that cannot
   * remove one (Evolution API, Wawp) answer `NOT_SUPPORTED_BY_PROVIDER` without being called.
   */
  deleteGroupPicture: DeleteGroupPicturePayload;
  /**
   * Changes a group's picture through the session's provider. The image is fetched (for a URL),
   * checked and normalised here: a square JPEG of at most 640 px reaches the provider, never the
   * bytes you sent. Expected failures (a bad image, no permission, too soon after the last change,
   * a provider that cannot do it, a caller who may not write the session) come back in `userErrors`;
   * only infrastructure failures (an unreachable provider, a missing or invalid token, an unknown
   * session when the subgraph runs without authentication) are GraphQL errors. On success the payload's
   * `group { id picture { … } }` already shows the new picture, so a normalising client cache
   * updates every view of the group from this answer alone. Never retried automatically.
   */
  setGroupPicture: SetGroupPicturePayload;
};


export type MutationDeleteGroupPictureArgs = {
  groupId: Scalars['ID']['input'];
};


export type MutationSetGroupPictureArgs = {
  groupId: Scalars['ID']['input'];
  image: ImageInput;
};

/** The sizes of a hosted picture; this subgraph makes both, so every provider has a small one. */
export type PictureSize =
  /** At most 640 px on the longer side: WhatsApp's own full size. */
  | 'FULL'
  /** A 96 px square, like WhatsApp's preview. */
  | 'SMALL';

/** Whether a picture can be shown. */
export type PictureStatus =
  /** There is a picture; `url` shows it. */
  | 'AVAILABLE'
  /** The provider says the owner's privacy settings hide the picture from this account. */
  | 'HIDDEN'
  /** No picture is visible and the provider does not say why (WAHA and Evolution API answer the same for every case). */
  | 'NONE'
  /** The provider says this chat has no picture. */
  | 'NOT_SET';

/** What the provider knows about one profile picture, as of `fetchedAt`. */
export type ProfilePicture = {
  __typename?: 'ProfilePicture';
  /**
   * Never null: what a frontend puts in an `<img>` without branching. The hosted picture when there
   * is one (`hostedUrl`); the CDN `url` when the picture store cannot host it right now; otherwise
   * a generated avatar: the given initials on a colour derived from the chat, or without initials a
   * neutral identicon of the chat (SVG).
   */
  displayUrl: Scalars['String']['output'];
  /** When `url` stops working, taken from the CDN URL itself; `null` when not known. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the provider was last asked for this picture; the difference to now is the cache age. */
  fetchedAt: Scalars['DateTime']['output'];
  /**
   * A URL of our own copy of the picture, served by this subgraph under PUBLIC_URL: put it in an
   * `<img>` and store it. Unlike `url` it keeps working after the CDN URL expires, for as long as
   * this is the chat's current picture and a retention period after (PICTURE_RETENTION_DAYS, 30 days
   * by default, counted from the last time anybody read it here); then it answers 404. A new version
   * of the picture gets a new URL; a re-signed CDN URL of the same version does not. The copy is
   * made on first view (WebP, or JPEG for clients that do not accept WebP), metadata stripped.
   * `null` unless `status` is `AVAILABLE`, and while the picture store is unavailable or full (then
   * use `url`, or `displayUrl`, which does that for you). Like WhatsApp's own CDN URLs it is a
   * bearer URL: anyone who has it can load the image, nobody can derive it from a phone number.
   */
  hostedUrl?: Maybe<Scalars['String']['output']>;
  /**
   * Identity of this picture for normalising client caches (Apollo Client, urql, Relay): unique per
   * JID, size and version, so a chat's full picture and its preview, or two chats, never share one;
   * the same for the `Chat`, `Contact` or `Group` of one JID. Opaque: compare it, never parse it.
   * Non-null exactly when `status` is `AVAILABLE`.
   */
  id?: Maybe<Scalars['ID']['output']>;
  /** `true` only when `url` really is the low-resolution preview. */
  preview: Scalars['Boolean']['output'];
  /** Whether a picture can be shown, and if not, what the provider says about why. */
  status: PictureStatus;
  /**
   * A temporary CDN URL of the image; `null` unless `status` is `AVAILABLE`. It stops working at
   * `expiresAt`: fetch the picture again rather than storing the URL.
   */
  url?: Maybe<Scalars['String']['output']>;
  /**
   * The picture's version: the same for the full picture and its preview, and it changes when the
   * picture changes, so comparing it with a stored value tells whether to download the image again.
   * Non-null exactly when `status` is `AVAILABLE`.
   */
  version?: Maybe<Scalars['String']['output']>;
};


/** What the provider knows about one profile picture, as of `fetchedAt`. */
export type ProfilePictureDisplayUrlArgs = {
  initials?: InputMaybe<Scalars['String']['input']>;
  size?: InputMaybe<PictureSize>;
};


/** What the provider knows about one profile picture, as of `fetchedAt`. */
export type ProfilePictureHostedUrlArgs = {
  size?: InputMaybe<PictureSize>;
};

/** The outcome of `setGroupPicture`. */
export type SetGroupPicturePayload = {
  __typename?: 'SetGroupPicturePayload';
  /** The group, when `groupId` was valid; select `picture` on it to update a client cache. */
  group?: Maybe<Group>;
  /** The group's new full-size picture; `null` when the change failed. */
  picture?: Maybe<ProfilePicture>;
  /** Why the change was refused; empty on success. */
  userErrors: Array<UserError>;
};

/** A refusal the caller can act on: fix the input, ask for permission, or wait. */
export type UserError = {
  __typename?: 'UserError';
  /** What went wrong, stable across versions: switch on this, not on `message`. */
  code: UserErrorCode;
  /** The input field it is about, as a path such as `["image", "url"]`; `null` when it is about no single field. */
  field?: Maybe<Array<Scalars['String']['output']>>;
  /** A sentence for a person, safe to show; never the provider's own text. */
  message: Scalars['String']['output'];
  /** For `RATE_LIMITED`: the earliest moment a new attempt may succeed, when known. */
  retryAt?: Maybe<Scalars['DateTime']['output']>;
};

/** Why a change was refused. */
export type UserErrorCode =
  /** The URL is not allowed: not `https`, carries credentials, or points at a private, loopback or link-local address. */
  | 'FORBIDDEN_IMAGE_URL'
  /** The group does not exist or this account is not in it. */
  | 'GROUP_NOT_FOUND'
  /** Larger than IMAGE_MAX_BYTES, or more pixels than IMAGE_MAX_PIXELS. */
  | 'IMAGE_TOO_LARGE'
  /** The URL could not be fetched: a DNS failure, a refused connection, an error status, too many redirects, or too slow. */
  | 'IMAGE_UNREACHABLE'
  /** `groupId` is not a group JID. */
  | 'INVALID_GROUP_ID'
  /** Not a usable image: both or neither of `url` and `base64`, bad base64, bytes that do not decode, or the provider rejected it. */
  | 'INVALID_IMAGE'
  /**
   * The caller may not change pictures in this session: it may not use the session at all (or there is
   * no such session: the two answer alike), or it may only read it. Nothing was sent to the provider.
   */
  | 'NOT_AUTHORIZED'
  /** This WhatsApp account may not change the group's info (it is not an admin of a group that only admins may edit). */
  | 'NOT_GROUP_ADMIN'
  /** The session's provider cannot do this, or not with this kind of input; nothing was sent to it. */
  | 'NOT_SUPPORTED_BY_PROVIDER'
  /** Too soon after the last change of this group (GROUP_PICTURE_MIN_INTERVAL_SECONDS), another change is in progress, or WhatsApp is throttling; see `retryAt`. */
  | 'RATE_LIMITED'
  /** Not JPEG, PNG or WebP (judged by the bytes). */
  | 'UNSUPPORTED_IMAGE_TYPE';

export type WithIndex<TObject> = TObject & Record<string, any>;
export type ResolversObject<TObject> = WithIndex<TObject>;

export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = ResolversObject<{
  Chat: Chat;
  Contact: Contact;
  Group: Group;
}>;

/** Mapping of federation reference types */
export type FederationReferenceTypes = ResolversObject<{
  Chat:
    ( { __typename: 'Chat' }
    & GraphQLRecursivePick<FederationTypes['Chat'], {"id":true}> );
  Contact:
    ( { __typename: 'Contact' }
    & GraphQLRecursivePick<FederationTypes['Contact'], {"id":true}> );
  Group:
    ( { __typename: 'Group' }
    & GraphQLRecursivePick<FederationTypes['Group'], {"id":true}> );
}>;



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = ResolversObject<{
  Chat: ResolverTypeWrapper<EntityRef>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Contact: ResolverTypeWrapper<EntityRef>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  DeleteGroupPicturePayload: ResolverTypeWrapper<GroupPictureChange>;
  Group: ResolverTypeWrapper<EntityRef>;
  ImageInput: ImageInput;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  PictureSize: PictureSize;
  PictureStatus: PictureStatus;
  ProfilePicture: ResolverTypeWrapper<PictureView>;
  SetGroupPicturePayload: ResolverTypeWrapper<GroupPictureChange>;
  UserError: ResolverTypeWrapper<UserError>;
  UserErrorCode: UserErrorCode;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Chat: EntityRef;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  Contact: EntityRef;
  DateTime: Scalars['DateTime']['output'];
  DeleteGroupPicturePayload: GroupPictureChange;
  Group: EntityRef;
  ImageInput: ImageInput;
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  ProfilePicture: PictureView;
  SetGroupPicturePayload: GroupPictureChange;
  UserError: UserError;
}>;

export type ChatResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Chat'] = ResolversParentTypes['Chat'], FederationReferenceType extends FederationReferenceTypes['Chat'] = FederationReferenceTypes['Chat']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Chat']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  picture?: Resolver<Maybe<ResolversTypes['ProfilePicture']>, ParentType, ContextType, RequireFields<ChatPictureArgs, 'preview' | 'refresh'>>;
}>;

export type ContactResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Contact'] = ResolversParentTypes['Contact'], FederationReferenceType extends FederationReferenceTypes['Contact'] = FederationReferenceTypes['Contact']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Contact']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  picture?: Resolver<Maybe<ResolversTypes['ProfilePicture']>, ParentType, ContextType, RequireFields<ContactPictureArgs, 'preview' | 'refresh'>>;
}>;

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type DeleteGroupPicturePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DeleteGroupPicturePayload'] = ResolversParentTypes['DeleteGroupPicturePayload']> = ResolversObject<{
  group?: Resolver<Maybe<ResolversTypes['Group']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type GroupResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Group'] = ResolversParentTypes['Group'], FederationReferenceType extends FederationReferenceTypes['Group'] = FederationReferenceTypes['Group']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Group']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  picture?: Resolver<Maybe<ResolversTypes['ProfilePicture']>, ParentType, ContextType, RequireFields<GroupPictureArgs, 'preview' | 'refresh'>>;
}>;

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = ResolversObject<{
  deleteGroupPicture?: Resolver<ResolversTypes['DeleteGroupPicturePayload'], ParentType, ContextType, RequireFields<MutationDeleteGroupPictureArgs, 'groupId'>>;
  setGroupPicture?: Resolver<ResolversTypes['SetGroupPicturePayload'], ParentType, ContextType, RequireFields<MutationSetGroupPictureArgs, 'groupId' | 'image'>>;
}>;

export type ProfilePictureResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfilePicture'] = ResolversParentTypes['ProfilePicture']> = ResolversObject<{
  displayUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType, RequireFields<ProfilePictureDisplayUrlArgs, 'size'>>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  hostedUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType, RequireFields<ProfilePictureHostedUrlArgs, 'size'>>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  preview?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PictureStatus'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type SetGroupPicturePayloadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SetGroupPicturePayload'] = ResolversParentTypes['SetGroupPicturePayload']> = ResolversObject<{
  group?: Resolver<Maybe<ResolversTypes['Group']>, ParentType, ContextType>;
  picture?: Resolver<Maybe<ResolversTypes['ProfilePicture']>, ParentType, ContextType>;
  userErrors?: Resolver<Array<ResolversTypes['UserError']>, ParentType, ContextType>;
}>;

export type UserErrorResolvers<ContextType = Context, ParentType extends ResolversParentTypes['UserError'] = ResolversParentTypes['UserError']> = ResolversObject<{
  code?: Resolver<ResolversTypes['UserErrorCode'], ParentType, ContextType>;
  field?: Resolver<Maybe<Array<ResolversTypes['String']>>, ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  retryAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Chat?: ChatResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  DeleteGroupPicturePayload?: DeleteGroupPicturePayloadResolvers<ContextType>;
  Group?: GroupResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  ProfilePicture?: ProfilePictureResolvers<ContextType>;
  SetGroupPicturePayload?: SetGroupPicturePayloadResolvers<ContextType>;
  UserError?: UserErrorResolvers<ContextType>;
}>;

