/**
 * The logged-in pages against the built app in demo mode (issue 15, "done when"): axe-core finds
 * no serious or critical problem on the planner's, the governor's, the LAO officer's, the
 * coordination and the admin pages, in Thai and English (moderate and minor ones are printed,
 * to be read). `public-a11y.e2e.ts` does the same for the public pages.
 */
import axe from 'axe-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
	newCheckedPage,
	openBrowser,
	startApp,
	waitUntilReady,
	type RunningApp,
	showAppOutputOnFailure as reportAppOutput
} from './harness';
import { httpClient, type HttpClient } from './http-client';
import {
	approvedZoneOfLaos,
	draftZoneOfLaos,
	turnReadinessRulesOff,
	workflowEvent
} from './zone-setup';

let app: RunningApp | undefined;
let browser: Browser | undefined;
let http: HttpClient;
const cookies: Record<string, string> = {};
let approvedId: number;
let submittedId: number;
let recordId: number;

function running(): RunningApp {
	if (!app) throw new Error('the app did not start (see beforeAll)');
	return app;
}

const showAppOutputOnFailure = () => reportAppOutput(() => app);

/** axe-core's violations on the page as it is now (its default rule set: WCAG A/AA and more). */
async function axeViolations(page: Page) {
	// Evaluated through the DevTools protocol, so no content security policy stands in the way.
	await page.evaluate(axe.source);
	return page.evaluate(async () => {
		const result = await window.axe.run(document, { resultTypes: ['violations'] });
		return result.violations.map((violation) => ({
			id: violation.id,
			impact: violation.impact ?? null,
			help: violation.help,
			targets: violation.nodes.slice(0, 5).map((node) => node.target.join(' '))
		}));
	});
}

describe('logged-in pages: accessibility', () => {
	beforeAll(async () => {
		app = await startApp({ env: { DEMO_MODE: 'true' } });
		await waitUntilReady(app);
		http = httpClient(app.url);
		// Not about readiness (issue 17): readiness.e2e.ts runs on the defaults.
		await turnReadinessRulesOff(http);
		for (const who of ['planner.th40', 'governor.th40', 'lao.6400906', 'dla.demo'])
			cookies[who] = await http.logInAs(who);
		approvedId = (
			await approvedZoneOfLaos(
				http,
				{ planner: cookies['planner.th40']!, governor: cookies['governor.th40']! },
				{ provinceCode: 'TH40', dlaCodes: ['6400907'], name: 'เขตบ้านฝางพอเพียง' }
			)
		).id;
		const submitted = await draftZoneOfLaos(http, cookies['planner.th40']!, {
			provinceCode: 'TH40',
			dlaCodes: ['6400906'],
			name: 'เขตพัฒนาเศรษฐกิจพอเพียงกระนวน'
		});
		submittedId = submitted.id;
		const asked = await http.json(
			'POST',
			`/api/zones/${submitted.id}/consultation`,
			{ revisionId: submitted.revisionId },
			cookies['planner.th40']
		);
		expect(asked.status, await asked.clone().text()).toBe(200);
		await workflowEvent(http, cookies['planner.th40']!, submitted, 'submit');
		const posted = await http.postForm(
			'/coordination/new',
			{
				kind: 'directive',
				subject: 'ให้ท้องถิ่นจังหวัดสนับสนุนการจัดทำเขตพัฒนาเศรษฐกิจพอเพียง',
				documentNumber: 'มท ๐๘๐๑.๒/ว ๕๒',
				documentDate: '3/1/2565',
				dueDate: '1/11/2569',
				body: 'จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อไป',
				recipients: 'provincial_office:TH40'
			},
			cookies['dla.demo']
		);
		const location = posted.headers.get('location') ?? '';
		expect(location, await posted.text()).toMatch(/\/coordination\/records\/\d+$/);
		recordId = Number(location.split('/').pop());
		browser = await openBrowser();
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
	});

	/** The logged-in pages of each role, with the zones and the record made above. */
	function pagesByRole(): [string, string[]][] {
		return [
			[
				'planner.th40',
				[
					'/plan',
					`/plan/zones/${submittedId}`,
					`/plan/zones/${approvedId}/history`,
					'/coordination/new',
					'/coordination/schedules',
					'/review/comments',
					'/partners',
					`/plan/zones/${approvedId}/plan`,
					'/dashboard/provinces/TH40',
					`/dashboard/zones/${approvedId}`
				]
			],
			['governor.th40', ['/review', `/review/zones/${submittedId}`, '/acting']],
			['lao.6400906', ['/consultations', `/consultations/zones/${submittedId}`]],
			[
				'dla.demo',
				[
					'/coordination',
					`/coordination/records/${recordId}`,
					'/coordination/overdue',
					'/admin/users',
					'/admin/audit',
					'/admin/indicators',
					'/admin/models',
					'/admin/notices',
					'/admin/constraints',
					'/admin/readiness',
					'/dashboard'
				]
			]
		];
	}

	for (const locale of ['th', 'en'] as const) {
		test(
			`axe-core: no serious or critical violation on the logged-in pages (${locale})`,
			{ timeout: 900_000 },
			async () => {
				showAppOutputOnFailure();
				const serious: string[] = [];
				for (const [who, paths] of pagesByRole()) {
					const checked = await newCheckedPage(browser!, {
						origin: running().url,
						viewport: { width: 1366, height: 900 }
					});
					checked.page.setDefaultNavigationTimeout(120_000);
					const [name, value] = cookies[who]!.split('=') as [string, string];
					await checked.page.context().addCookies([{ name, value, url: running().url }]);
					for (const path of paths) {
						const separator = path.includes('?') ? '&' : '?';
						const response = await checked.page.goto(
							`${running().url}${path}${separator}lang=${locale}`
						);
						expect(response?.status(), `${who} ${path}`).toBe(200);
						await checked.page.waitForLoadState('networkidle', { timeout: 20_000 }).catch(() => {
							// A map keeps asking for tiles as it settles; what is drawn by now is checked.
						});
						expect(await checked.page.locator('html').getAttribute('lang'), path).toBe(locale);
						for (const v of await axeViolations(checked.page)) {
							const line = `${locale} ${who} ${path}: [${v.impact}] ${v.id} — ${v.help}\n    ${v.targets.join('\n    ')}`;
							if (v.impact === 'serious' || v.impact === 'critical') serious.push(line);
							else console.log(`axe (not failing): ${line}`);
						}
					}
					checked.assertNoPageErrors();
					await checked.close();
				}
				expect(serious, 'serious or critical axe-core violations').toEqual([]);
			}
		);
	}
});
