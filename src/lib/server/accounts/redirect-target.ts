/**
 * Where to go after logging in: only a path on this site (`/scores?province=TH40`), never
 * another host. `//evil.example`, `/\evil.example`, `https://…` and anything that resolves to
 * another origin fall back to `/`, as do the log-in and log-out pages themselves (no loops).
 */
export function safeRedirectTarget(target: string | null | undefined): string {
	if (!target || !target.startsWith('/') || target.startsWith('//') || target.includes('\\')) {
		return '/';
	}
	// Control characters could smuggle a different target past a lenient browser.
	if ([...target].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) return '/';
	const base = 'http://same-site.invalid';
	let url: URL;
	try {
		url = new URL(target, base);
	} catch {
		return '/';
	}
	if (url.origin !== base) return '/';
	if (url.pathname === '/login' || url.pathname === '/logout') return '/';
	return url.pathname + url.search + url.hash;
}
