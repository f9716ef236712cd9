// The bundled font, as files the build emits under /_app/immutable/assets/ (adapter-node
// serves those before the app's hooks, so they load while every page still answers 503). The
// page is plain HTML without the app's stylesheet, so it declares the font itself: on a machine
// without a Thai font its Thai would otherwise print as empty boxes.
import notoSansThaiThai400 from '@fontsource/noto-sans-thai/files/noto-sans-thai-thai-400-normal.woff2?url';
import notoSansThaiLatin400 from '@fontsource/noto-sans-thai/files/noto-sans-thai-latin-400-normal.woff2?url';
import { phaseLabel, translator, type Locale } from '$lib/i18n';
import type { AppStatus } from './app-state';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page every URL answers with (503) until the data is ready. Plain HTML with a small script
 * that polls /status.json and reloads when the app is ready; no bundle, no database.
 */
export function renderStatusPage(status: AppStatus, locale: Locale): string {
	const t = translator(locale);
	const title =
		status.state === 'importing'
			? t('importingTitle')
			: status.state === 'failed'
				? t('importFailedTitle')
				: status.state === 'no_data'
					? t('noDataTitle')
					: t('startingTitle');
	const body =
		status.state === 'failed'
			? t('importFailedBody')
			: status.state === 'no_data'
				? t('noDataBody')
				: t('importingBody');
	const problems =
		status.state === 'failed'
			? `<ul class="problems">${status.problems
					.map(
						(p) =>
							`<li><code>${escapeHtml(p.file)}${p.row !== undefined ? `, row ${p.row}` : ''}${p.feature !== undefined ? `, feature ${p.feature}` : ''}, ${escapeHtml(p.field)}</code> ${escapeHtml(p.rule)} — ${escapeHtml(p.detail)}</li>`
					)
					.join('')}</ul>`
			: '';
	const otherLocale = locale === 'th' ? 'en' : 'th';
	return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(t('appName'))}</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
<link rel="icon" href="/favicon.png" type="image/png" sizes="32x32">
<style>
	@font-face { font-family: 'Noto Sans Thai'; font-style: normal; font-weight: 400; font-display: swap; src: url(${notoSansThaiThai400}) format('woff2'); unicode-range: U+02D7, U+0303, U+0331, U+0E01-0E5B, U+200C-200D, U+25CC; }
	@font-face { font-family: 'Noto Sans Thai'; font-style: normal; font-weight: 400; font-display: swap; src: url(${notoSansThaiLatin400}) format('woff2'); unicode-range: U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2191, U+2193, U+2212, U+2215, U+FEFF, U+FFFD; }
	code { font-family: ui-monospace, 'DejaVu Sans Mono', 'Noto Sans Thai', monospace, sans-serif; }
	body { font-family: 'Noto Sans Thai', 'Sarabun', system-ui, sans-serif; margin: 0; background: #f4f6f4; color: #1d2b24; }
	main { max-width: 40rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 12px; box-shadow: 0 2px 12px #0001; }
	h1 { font-size: 1.5rem; margin: 0 0 .5rem; color: #1f5f3f; }
	.bar { height: 14px; background: #e3e9e5; border-radius: 7px; overflow: hidden; margin: 1.5rem 0 .5rem; }
	.bar > div { height: 100%; background: #2f8a5b; transition: width .4s; }
	.meta { color: #56645c; font-size: .95rem; }
	.problems { color: #8a1f1f; font-size: .9rem; }
	a { color: #1f5f3f; }
</style>
</head>
<body>
<main>
	<p class="meta">${escapeHtml(t('department'))} · ${escapeHtml(t('appName'))} · <a href="?lang=${otherLocale}">${escapeHtml(t('switchLanguage'))}</a></p>
	<h1>${escapeHtml(title)}</h1>
	<p>${escapeHtml(body)}</p>
	<div data-testid="import-progress" data-state="${status.state}" data-percent="${status.percent}" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="${status.percent}">
		<div class="bar"><div style="width: ${status.percent}%"></div></div>
		<p class="meta"><span data-testid="import-percent">${status.percent} %</span> · ${escapeHtml(t('phase'))}: <span data-testid="import-phase">${escapeHtml(phaseLabel(locale, status.phase))}</span></p>
	</div>
	${problems}
</main>
<script>
(function poll() {
	setTimeout(async function () {
		try {
			const response = await fetch('/status.json', { cache: 'no-store' });
			const s = await response.json();
			if (s.state === 'ready') return location.reload();
			const el = document.querySelector('[data-testid=import-progress]');
			el.dataset.percent = s.percent; el.dataset.state = s.state;
			el.setAttribute('aria-valuenow', s.percent);
			el.querySelector('.bar > div').style.width = s.percent + '%';
			document.querySelector('[data-testid=import-percent]').textContent = s.percent + ' %';
			document.querySelector('[data-testid=import-phase]').textContent = s.phaseLabel;
		} catch (e) { /* the server may be restarting: try again */ }
		poll();
	}, 1000);
})();
</script>
</body>
</html>`;
}
