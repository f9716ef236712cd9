import { getDatabase } from '$lib/server/app-state';
import { ruleSetsOverview, saveRuleSet } from '$lib/server/readiness/readiness.service';
import { refusalAsFormFailure, throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

/** The readiness rule sets (issue 17). DLA staff only: the service checks, page and actions. */
export const load: PageServerLoad = async (event) => {
	try {
		return { overview: await ruleSetsOverview(getDatabase().db, { actor: event.locals.user }) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};

/** A number field as typed: a number when it is one, else the text, which the service refuses by name. */
function numberField(form: FormData, name: string): number | string {
	const text = String(form.get(name) ?? '').trim();
	const value = Number(text);
	return text !== '' && Number.isFinite(value) ? value : text;
}

async function save(
	event: Parameters<Actions[string]>[0],
	provinceCode: string | null,
	rules: unknown,
	note: string
) {
	try {
		const saved = await saveRuleSet(getDatabase().db, {
			actor: event.locals.user,
			provinceCode,
			rules,
			note
		});
		return { saved: { version: saved.version, provinceCode: saved.provinceCode } };
	} catch (caught) {
		return refusalAsFormFailure(caught, event, {
			extra: (refusal) => ({
				provinceCode,
				problems: refusal.problems.map((p) => ({ field: p.field ?? '', message: p.message }))
			})
		});
	}
}

export const actions: Actions = {
	save: async (event) => {
		const form = await event.request.formData();
		const scope = String(form.get('scope') ?? 'national');
		const rules = {
			submit: {
				allCoveredLaosAsked: form.get('allCoveredLaosAsked') === 'on',
				objectivesFilled: form.get('objectivesFilled') === 'on',
				minNetworkSectors: numberField(form, 'minNetworkSectors'),
				swotFilled: form.get('swotFilled') === 'on'
			},
			approve: {
				minAnsweredPercent: numberField(form, 'minAnsweredPercent'),
				noObjection: form.get('noObjection') === 'on'
			}
		};
		return save(event, scope === 'national' ? null : scope, rules, String(form.get('note') ?? ''));
	},
	follow: async (event) => {
		const form = await event.request.formData();
		return save(
			event,
			String(form.get('provinceCode') ?? ''),
			null,
			String(form.get('note') ?? '')
		);
	}
};
