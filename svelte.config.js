import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter(),
		// The report form registers src/service-worker.ts itself, for /plan/ only: the public map
		// never installs it (issue 16 item 3).
		serviceWorker: { register: false }
	}
};

export default config;
