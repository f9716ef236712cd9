import fs from 'node:fs';
import { formatImportMessage } from '../geodata/import-report';
import { importIndicatorsAndRescore } from '../indicators/indicator-packs.service';
import { runCli } from './run-cli';

// npm run import:indicators -- file.csv [more.csv …]   (each file is its own transaction)
await runCli(async (database) => {
	const files = process.argv.slice(2);
	if (files.length === 0) {
		console.error(
			'Name the CSV file(s) to import: npm run import:indicators -- file.csv\n' +
				'Columns: code, indicator, year, value, unit, source (optional: approximate, aggregation, name_th, name_en, description).'
		);
		return 2;
	}
	let exitCode = 0;
	for (const file of files) {
		let bytes: Uint8Array;
		try {
			bytes = fs.readFileSync(file);
		} catch (error) {
			console.error(`${file}: ${(error as Error).message}`);
			exitCode = 1;
			continue;
		}
		const result = await importIndicatorsAndRescore(database.db, {
			fileName: file,
			bytes,
			trigger: 'cli'
		});
		const counts = Object.entries(result.counts)
			.map(([name, count]) => `${name} ${count}`)
			.join(', ');
		console.log(
			`${result.fileName}: ${result.status === 'succeeded' ? 'imported' : 'FAILED, nothing written'} (batch ${result.importId}, sha256 ${result.sha256})${counts ? `: ${counts}` : ''}`
		);
		for (const message of result.messages) console.log(`  ${formatImportMessage(message)}`);
		for (const model of result.rescored)
			console.log(
				`  official scores recomputed: ${model.name} v${model.version} (${model.scored} scored)`
			);
		if (result.status !== 'succeeded') exitCode = 1;
	}
	return exitCode;
});
