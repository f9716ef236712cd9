import type { MultiPolygon } from 'geojson';
import type { GeometrySource } from '$lib/geo/zones/zone-terms';
import type { MessageKey } from '$lib/i18n';
import type { ZoneRevisionView, ZoneView } from '$lib/zones/zone-api';
import { zoneAttributesSchema, type ZoneAttributes } from '$lib/zones/zone-input';
import {
	attributesOf,
	callZoneApi,
	type ApiAnswer,
	type RefusalBody,
	type ZoneProblem,
	type ZoneSaveInput
} from './zone-client';

export type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

/** A line under the save button: a message key and its values (the component translates). */
export interface SaveNote {
	key: MessageKey;
	/** `{number}` of the revision, or the HTTP status of an unexpected refusal. */
	number?: number;
	status?: number;
}

/** What a save came to, for the parts of the workspace the save module does not hold. */
export type SaveOutcome =
	| { kind: 'invalid' }
	| { kind: 'created'; zone: ZoneView }
	/** `revision` is the saved revision (with geometry) to show; null if it could not be loaded. */
	| { kind: 'saved'; zone: ZoneView | null; revision: ZoneRevisionView | null }
	| { kind: 'problems'; problems: ZoneProblem[] }
	| { kind: 'conflict' }
	| { kind: 'failed' };

type Call = typeof callZoneApi;

/**
 * The zone as last saved and the save itself: the base revision the next save builds on, the
 * optimistic-lock conflict (HTTP 409) with "keep mine on top of theirs" (rebase) and "take
 * theirs", and the line under the save button. No DOM and no map: the workspace shows what it
 * says, and the spec drives it with a stand-in for the HTTP call.
 */
export class ZoneSave {
	zone = $state.raw<ZoneView | null>(null);
	revision = $state.raw<ZoneRevisionView | null>(null);
	baseRevisionId = $state<number | null>(null);
	savedAttributesJson = $state('');
	state = $state<SaveState>('idle');
	note = $state.raw<SaveNote | null>(null);
	nameError = $state(false);
	/** Open while a save was refused for a newer revision; `theirs` null until it has loaded. */
	conflict = $state.raw<{ theirs: ZoneRevisionView | null } | null>(null);
	/** What the planner typed before taking the other revision: kept to copy from. */
	kept = $state.raw<ZoneAttributes | null>(null);

	constructor(
		zone: ZoneView | null,
		revision: ZoneRevisionView | null,
		attributes: ZoneAttributes,
		private readonly call: Call = callZoneApi
	) {
		this.zone = zone;
		this.revision = revision;
		this.baseRevisionId = revision?.id ?? null;
		this.savedAttributesJson = JSON.stringify(attributes);
	}

	attributesChanged(attributes: ZoneAttributes): boolean {
		return JSON.stringify(attributes) !== this.savedAttributesJson;
	}

	/**
	 * Saves a new zone (POST) or a revision (PUT, built on `baseRevisionId`). Checks the name
	 * and that something is drawn first; every other rule is the server's.
	 */
	async save(
		provinceCode: string,
		attributes: ZoneAttributes,
		geometry: MultiPolygon | null,
		geometrySource: GeometrySource
	): Promise<SaveOutcome> {
		this.nameError = false;
		this.note = null;
		const parsed = zoneAttributesSchema.safeParse(attributes);
		if (!parsed.success) {
			this.nameError = parsed.error.issues.some((issue) => issue.path[0] === 'name');
			return this.fail(this.nameError ? 'planNameRequired' : 'planAttributesInvalid');
		}
		if (!geometry) return this.fail('planNothingDrawn');
		const input: ZoneSaveInput = {
			baseRevisionId: this.baseRevisionId,
			attributes: parsed.data,
			geometry,
			geometrySource
		};
		this.state = 'saving';
		try {
			if (!this.zone) {
				const answer = await this.call<{ zone: ZoneView; revision: ZoneRevisionView }>(
					'/api/zones',
					{ body: { provinceCode, ...input, baseRevisionId: null } }
				);
				if (!answer.ok) return this.refused(answer);
				this.savedAttributesJson = JSON.stringify(attributes);
				return { kind: 'created', zone: answer.body.zone };
			}
			const answer = await this.call<{
				zone?: ZoneView;
				revision?: ZoneRevisionView;
				unchanged?: boolean;
			}>(`/api/zones/${this.zone.id}`, { method: 'PUT', body: input });
			if (!answer.ok) return this.refused(answer);
			let saved = answer.body.revision ?? null;
			if (!saved?.geometry) saved = (await this.loadCurrent())?.revision ?? null;
			if (answer.body.zone) this.zone = answer.body.zone;
			if (saved) this.adopt(saved);
			this.state = 'saved';
			// The server made no revision: the save repeated the current one.
			this.note = {
				key: answer.body.unchanged ? 'planSaveUnchanged' : 'planSavedRevision',
				number: saved?.revisionNumber ?? 0
			};
			return { kind: 'saved', zone: this.zone, revision: saved };
		} catch (error) {
			console.warn('Save failed:', error);
			this.fail('planRequestFailed');
			return { kind: 'failed' };
		}
	}

	/** Makes `saved` the revision the next save builds on, and the state "cancel" returns to. */
	adopt(saved: ZoneRevisionView): ZoneAttributes {
		this.revision = saved;
		this.baseRevisionId = saved.id;
		const attributes = attributesOf(saved);
		this.savedAttributesJson = JSON.stringify(attributes);
		return attributes;
	}

	/** Keep everything of mine; the next save builds on their revision. */
	rebaseOntoTheirs(): void {
		if (this.conflict?.theirs) this.baseRevisionId = this.conflict.theirs.id;
		this.conflict = null;
		this.state = 'idle';
		this.note = { key: 'planRebased' };
	}

	/**
	 * Drop my edit for their revision (returned for the workspace to show); what I typed is
	 * kept beside the form to copy from. Undefined while their revision has not loaded.
	 */
	takeTheirs(mine: ZoneAttributes): ZoneRevisionView | undefined {
		const theirs = this.conflict?.theirs;
		if (!theirs) return undefined;
		this.kept = mine;
		this.adopt(theirs);
		this.conflict = null;
		this.state = 'idle';
		this.note = { key: 'planTookTheirs' };
		return theirs;
	}

	async loadCurrent(): Promise<{ zone: ZoneView; revision: ZoneRevisionView } | null> {
		if (!this.zone) return null;
		const answer = await this.call<{ zone: ZoneView; revision: ZoneRevisionView }>(
			`/api/zones/${this.zone.id}`
		);
		return answer.ok ? answer.body : null;
	}

	private fail(key: MessageKey): SaveOutcome {
		this.state = 'failed';
		this.note = { key };
		return { kind: 'invalid' };
	}

	private async refused(answer: Extract<ApiAnswer<unknown>, { ok: false }>): Promise<SaveOutcome> {
		const body: RefusalBody = answer.body;
		this.state = 'failed';
		if (answer.status === 409) {
			this.note = { key: 'planConflictShort' };
			// The refusal carries the current revision in full; ask for it if it did not.
			const current = body.details?.current as ZoneRevisionView | null | undefined;
			this.conflict = { theirs: current?.geometry ? current : null };
			if (!this.conflict.theirs) {
				const loaded = await this.loadCurrent();
				if (this.conflict && loaded) this.conflict = { theirs: loaded.revision };
			}
			return { kind: 'conflict' };
		}
		if (answer.status === 400) {
			this.note = { key: 'planSaveRefusedProblems' };
			return {
				kind: 'problems',
				problems: body.problems ?? [{ rule: body.error, message: body.message ?? '' }]
			};
		}
		if (answer.status === 403 || answer.status === 404) this.note = { key: 'planSaveForbidden' };
		else this.note = { key: 'planRequestFailed', status: answer.status };
		return { kind: 'failed' };
	}
}
