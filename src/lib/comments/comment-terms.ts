import { z } from 'zod';

/**
 * Public comments on zones (issue 17): the words both the browser and the server use. The
 * categories and states are code ids; their Thai and English words are `commentCategory_<id>`
 * and `commentState_<id>` in `$lib/i18n/messages/{th,en}/comments.ts`.
 */

export const commentCategories = ['support', 'concern', 'local_knowledge', 'question'] as const;
export type CommentCategory = (typeof commentCategories)[number];

export const commentStates = ['pending', 'published', 'hidden'] as const;
export type CommentState = (typeof commentStates)[number];

/** Longest comment, characters (Unicode code points, as PostgreSQL's `char_length` counts). */
export const commentMaxCharacters = 2000;
/** Longest name, contact and hide reason, characters. */
export const commentNameMaxCharacters = 200;
export const commentHideReasonMaxCharacters = 500;
/** Comments one address may post within `commentRateWindowSeconds` (the next is refused). */
export const commentsPerAddressPerWindow = 10;
export const commentRateWindowSeconds = 3600;
/** Largest area a commenter may draw, square metres (a field or a village, not the zone). */
export const commentAreaMaxSquareMetres = 1_000_000;
/** Most vertices of a drawn area. */
export const commentAreaMaxVertices = 200;
/** Comments per page, on the public page and in the review summary. */
export const commentPageSize = 20;

/**
 * Anything that looks like markup: a tag (`<b>`, `</p>`, `<a href=…>`, `<!-- -->`) or an
 * entity (`&lt;`, `&#60;`). Comments are plain text; refusing markup by name is clearer to the
 * writer than stripping it silently.
 */
const markupPattern = /<\s*\/?\s*[a-z!?][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z][a-z0-9]+);/i;
export const looksLikeHtml = (value: string) => markupPattern.test(value);

/** Unicode code points, as `char_length` counts them (a Thai letter is one; an emoji is one). */
export const characterCount = (value: string) => [...value].length;

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]);
export const commentGeometrySchema = z.discriminatedUnion('type', [
	z.object({ type: z.literal('Point'), coordinates: position }),
	z.object({
		type: z.literal('Polygon'),
		coordinates: z
			.array(z.array(position).min(4).max(commentAreaMaxVertices))
			.length(1, 'a single ring, without holes')
	})
]);
export type CommentGeometry = z.infer<typeof commentGeometrySchema>;

const optionalText = (max: number) =>
	z
		.string()
		.trim()
		.max(max, `at most ${max} characters`)
		.refine((v) => !looksLikeHtml(v), 'HTML is not accepted: write plain text')
		.transform((v) => (v === '' ? null : v))
		.nullish()
		.transform((v) => v ?? null);

/**
 * The body of `POST /api/zones/{id}/comments` and the public page's form. `website` is the
 * honeypot: a field people never see (hidden by CSS and from screen readers) that bots fill.
 */
export const commentPostSchema = z.object({
	category: z.enum(commentCategories, 'choose one of the categories'),
	text: z
		.string('write the comment')
		.trim()
		.min(1, 'write the comment')
		.refine((v) => characterCount(v) <= commentMaxCharacters, {
			message: `at most ${commentMaxCharacters} characters`
		})
		.refine((v) => !looksLikeHtml(v), 'HTML is not accepted: write plain text'),
	geometry: commentGeometrySchema.nullish().transform((v) => v ?? null),
	name: optionalText(commentNameMaxCharacters),
	contact: optionalText(commentNameMaxCharacters),
	website: z.string().max(0, 'leave this field empty').nullish()
});
export type CommentPost = z.infer<typeof commentPostSchema>;

export const commentModerationSchema = z.discriminatedUnion('decision', [
	z.object({ decision: z.literal('publish') }),
	z.object({
		decision: z.literal('hide'),
		reason: z
			.string('give the reason for hiding')
			.trim()
			.min(1, 'give the reason for hiding')
			.max(commentHideReasonMaxCharacters, `at most ${commentHideReasonMaxCharacters} characters`)
	})
]);
export type CommentModeration = z.infer<typeof commentModerationSchema>;

/** A published comment as everyone sees it: no name, no contact, no address. */
export interface PublicComment {
	id: number;
	category: CommentCategory;
	text: string;
	/** ISO instant. */
	postedAt: string;
	geometry: CommentGeometry | null;
}

export interface PublicCommentPage {
	comments: PublicComment[];
	/** Published comments in all. */
	total: number;
	/** 1-based. */
	page: number;
	pageCount: number;
}

/** What the governor's review shows: counts per category, the pinned places, the comments. */
export interface CommentSummary {
	countsByCategory: Record<CommentCategory, number>;
	publishedCount: number;
	/** How many of them carry a point or an area (the map fetches them: `CommentPins`). */
	placedCount: number;
	page: PublicCommentPage;
}

/** The published comments' points and areas, for the map (id and category only). */
export interface CommentPins {
	type: 'FeatureCollection';
	features: {
		type: 'Feature';
		id: number;
		geometry: CommentGeometry;
		properties: { category: CommentCategory };
	}[];
}

/** A comment as the moderators see it: with the name and contact (PDPA: for them only). */
export interface ModeratedComment extends PublicComment {
	zoneId: number;
	zoneName: string;
	provinceCode: string;
	state: CommentState;
	authorName: string | null;
	authorContact: string | null;
	hideReason: string | null;
	moderatedAt: string | null;
}
