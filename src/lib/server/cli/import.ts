import { phaseLabel } from '../../i18n';
import { findGeodataDir } from '../geodata/datasets';
import { formatImportReport } from '../geodata/import-report-text';
import { importGeodata } from '../geodata/import.service';
import { ensureCandidatesCurrent } from '../ogc/ogc-candidates.repository';
import { officialScoresVersion } from '../ogc/ogc.collections';
import { refreshAnalysis } from '../scoring/refresh-analysis.service';
import { runCli } from './run-cli';

// npm run import -- [dir or files…]   (default: GEODATA_DIR, geodata/data/, ../shared/geodata/)
await runCli(async (database, config) => {
	const args = process.argv.slice(2);
	const inputs =
		args.length > 0 ? args : [findGeodataDir(config.GEODATA_DIR)].filter((d) => d !== undefined);
	if (inputs.length === 0) {
		console.error(
			'No data found: pass a directory or files, set GEODATA_DIR, or put the files in geodata/data/ (see geodata/README.md).'
		);
		return 2;
	}
	console.error(`Importing ${inputs.join(' ')} into ${database.engine} (${database.location})`);
	let lastPhase = '';
	const result = await importGeodata(database.db, inputs, {
		trigger: 'cli',
		onProgress: ({ percent, phase }) => {
			if (phase !== lastPhase)
				console.error(`  ${String(percent).padStart(3)} %  ${phaseLabel('en', phase)}`);
			lastPhase = phase;
		}
	});
	console.log(formatImportReport(result));
	if (result.status !== 'succeeded') return 1;
	console.error('Refreshing the built-in indicators and the official scores…');
	const refresh = await refreshAnalysis(database.db);
	console.log(
		`Indicators and official scores refreshed in ${(refresh.durationMs / 1000).toFixed(1)} s: ` +
			refresh.scoredModels.map((m) => `${m.name} v${m.version} (${m.scored} scored)`).join(', ')
	);
	// The candidate zones the OGC API publishes, stored now so the app's first start serves them
	// at once instead of building all 76 provinces while GIS clients wait.
	const started = performance.now();
	const rebuilt = await ensureCandidatesCurrent(
		database.db,
		await officialScoresVersion(database.db)
	);
	console.log(
		`Candidate zones of ${rebuilt.length} province(s) stored in ${((performance.now() - started) / 1000).toFixed(1)} s`
	);
	return 0;
});
