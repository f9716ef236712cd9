/** English of `../th/indicatorRules.ts` (the Thai is the source of the keys). */
import type { th } from '../th/indicatorRules';

export const en: Record<keyof typeof th, string> = {
	indicatorRule_unreadable_file: 'The file cannot be read: it must be a UTF-8 CSV file with data',
	indicatorRule_missing_column: 'The header lacks this required column',
	indicatorRule_extra_column: 'This column is not used; its values are not imported',
	indicatorRule_required_value: 'This cell must have a value',
	indicatorRule_unknown_code: 'No LAO or tambon has the code {value}',
	indicatorRule_invalid_value: '"{value}" is not in the expected form',
	indicatorRule_built_in_indicator:
		'This indicator is computed from the map data and cannot be imported from a file',
	indicatorRule_unit_mismatch: "The unit differs from this indicator's unit",
	indicatorRule_aggregation_mismatch: "The roll-up method differs from this indicator's",
	indicatorRule_new_indicator: 'Added to the catalogue as a new indicator',
	indicatorRule_duplicate_key: 'Repeats an earlier row (same place, indicator and year)',
	indicatorRule_missing_value: 'No value: stored as "no data" (not zero)',
	indicatorRule_no_rows: 'The file has a header but no data rows: nothing was imported',
	indicatorRule_osm_pack: 'Recognised as the OpenStreetMap points-of-interest pack',
	indicatorRule_other: 'A problem in this row'
};
