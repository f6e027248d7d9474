import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EntityRef } from '../pictures/entity-ref.js';
import type { Picture } from '../pictures/picture.js';
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
  /** When `url` stops working, taken from the CDN URL itself; `null` when not known. */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /** When the provider was last asked for this picture; the difference to now is the cache age. */
  fetchedAt: Scalars['DateTime']['output'];
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
  Group: ResolverTypeWrapper<EntityRef>;
  PictureStatus: PictureStatus;
  ProfilePicture: ResolverTypeWrapper<Picture>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
}>;

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = ResolversObject<{
  Chat: EntityRef;
  ID: Scalars['ID']['output'];
  Boolean: Scalars['Boolean']['output'];
  Contact: EntityRef;
  DateTime: Scalars['DateTime']['output'];
  Group: EntityRef;
  ProfilePicture: Picture;
  String: Scalars['String']['output'];
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

export type GroupResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Group'] = ResolversParentTypes['Group'], FederationReferenceType extends FederationReferenceTypes['Group'] = FederationReferenceTypes['Group']> = ResolversObject<{
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Group']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  picture?: Resolver<Maybe<ResolversTypes['ProfilePicture']>, ParentType, ContextType, RequireFields<GroupPictureArgs, 'preview' | 'refresh'>>;
}>;

export type ProfilePictureResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProfilePicture'] = ResolversParentTypes['ProfilePicture']> = ResolversObject<{
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  fetchedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  id?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  preview?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PictureStatus'], ParentType, ContextType>;
  url?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  version?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
}>;

export type Resolvers<ContextType = Context> = ResolversObject<{
  Chat?: ChatResolvers<ContextType>;
  Contact?: ContactResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Group?: GroupResolvers<ContextType>;
  ProfilePicture?: ProfilePictureResolvers<ContextType>;
}>;

