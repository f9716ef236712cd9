/**
 * Counts every byte a page causes, on the server side (issue 19 item 5): a `node:http` proxy in
 * front of the app that the browser talks to, adding up what it relays per request — status
 * line, headers and the (compressed) body as the app sent them. Chromium's page-level network
 * events miss the requests of workers (MapLibre's worker script is ~120 KB); a proxy sees them
 * all. It also serves the anchor: a bare MapLibre page (MapLibre's own files from node_modules,
 * brotli-compressed as adapter-node precompresses the app's, with the worker) drawing the app's
 * province tiles, measured through the same proxy in the same run.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

export interface WireRequest {
	path: string;
	/** `script`, `stylesheet`, `font`, `document`, `tile`, `data` or `other`, from the answer. */
	type: string;
	/** Status line, headers and body as relayed. */
	bytes: number;
	encoding: string;
}

export interface CountingProxy {
	url: string;
	/** What has been relayed since the last `take()`; clears the list. */
	take(): WireRequest[];
	close(): Promise<void>;
}

function typeOf(pathname: string, contentType: string): string {
	if (pathname.startsWith('/tiles/')) return 'tile';
	if (/javascript/.test(contentType)) return 'script';
	if (/text\/css/.test(contentType)) return 'stylesheet';
	if (/^font\/|woff/.test(contentType)) return 'font';
	if (/text\/html/.test(contentType)) return 'document';
	if (/json|geo\+json|protobuf/.test(contentType)) return 'data';
	return 'other';
}

const maplibreDist = path.resolve('node_modules/maplibre-gl/dist');
/** The bare page's files, brotli at the highest quality (as adapter-node's `precompress`). */
const bareFiles = new Map<string, { type: string; body: Buffer }>();
function bareFile(name: string): { type: string; body: Buffer } | undefined {
	const types: Record<string, string> = {
		'maplibre-gl.mjs': 'text/javascript',
		'maplibre-gl-worker.mjs': 'text/javascript',
		'maplibre-gl.css': 'text/css'
	};
	if (!types[name]) return undefined;
	let file = bareFiles.get(name);
	if (!file) {
		file = {
			type: types[name],
			body: brotliCompressSync(fs.readFileSync(path.join(maplibreDist, name)), {
				params: { [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY }
			})
		};
		bareFiles.set(name, file);
	}
	return file;
}

/** West, south, east, north of Thailand, as the app's map starts. */
const thailand = [97.3, 5.6, 105.7, 20.5];

const barePage = `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>MapLibre</title><link rel="stylesheet" href="/__bare/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head>
<body><div id="map"></div><script type="module">
import { Map, setWorkerUrl } from '/__bare/maplibre-gl.mjs';
setWorkerUrl('/__bare/maplibre-gl-worker.mjs');
const map = new Map({
	container: 'map',
	bounds: ${JSON.stringify(thailand)},
	fitBoundsOptions: { padding: 24 },
	style: {
		version: 8,
		sources: { province: { type: 'vector', tiles: [location.origin + '/tiles/province/{z}/{x}/{y}.pbf'], maxzoom: 14 } },
		layers: [
			{ id: 'land', type: 'background', paint: { 'background-color': '#f4f1ea' } },
			{ id: 'province', type: 'line', source: 'province', 'source-layer': 'province', paint: { 'line-color': '#555' } }
		]
	}
});
// Announced as the app's MapMount announces its maps, for the tests' map watcher.
const container = document.getElementById('map');
container.dataset.map = 'public';
container.dispatchEvent(new CustomEvent('sedz:map', { detail: map, bubbles: true }));
</script></body></html>`;

/** The bare MapLibre page's address on the proxy. */
export const barePagePath = '/__bare/';

export async function countingProxy(appUrl: string): Promise<CountingProxy> {
	const target = new URL(appUrl);
	let seen: WireRequest[] = [];
	const server = http.createServer((req, res) => {
		const pathname = new URL(req.url ?? '/', 'http://proxy').pathname;
		if (pathname.startsWith('/__bare/')) {
			const name = pathname.slice('/__bare/'.length);
			const file = name === '' ? undefined : bareFile(name);
			const body = file ? file.body : Buffer.from(barePage);
			const headers: Record<string, string> = {
				'content-type': file ? file.type : 'text/html; charset=utf-8',
				'content-length': String(body.byteLength),
				'cache-control': 'no-store'
			};
			if (file) headers['content-encoding'] = 'br';
			res.writeHead(200, headers);
			res.end(body);
			seen.push({
				path: pathname,
				type: typeOf(pathname, headers['content-type']!),
				bytes: headerBytes(200, Object.entries(headers).flat()) + body.byteLength,
				encoding: headers['content-encoding'] ?? ''
			});
			return;
		}
		const upstream = http.request(
			{
				host: target.hostname,
				port: target.port,
				method: req.method,
				path: req.url,
				headers: { ...req.headers, host: target.host }
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
				let bytes = headerBytes(answer.statusCode ?? 502, answer.rawHeaders);
				answer.on('data', (chunk: Buffer) => (bytes += chunk.byteLength));
				answer.on('end', () =>
					seen.push({
						path: pathname,
						type: typeOf(pathname, String(answer.headers['content-type'] ?? '')),
						bytes,
						encoding: String(answer.headers['content-encoding'] ?? '')
					})
				);
				answer.pipe(res);
			}
		);
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		take() {
			const taken = seen;
			seen = [];
			return taken;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			})
	};
}

/** `HTTP/1.1 200 OK\r\n`, each `name: value\r\n`, and the blank line. */
function headerBytes(status: number, raw: string[]): number {
	let bytes = `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? ''}\r\n\r\n`.length;
	for (let i = 0; i + 1 < raw.length; i += 2) bytes += raw[i]!.length + raw[i + 1]!.length + 4;
	return bytes;
}
