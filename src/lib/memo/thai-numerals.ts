/**
 * Thai digits (เลขไทย ๐–๙), which official documents use for numbers, dates and document numbers
 * (the correspondence regulations' examples are all in Thai digits). Browser-safe.
 */

const thaiDigits = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'] as const;

/** Every ASCII digit in the text as a Thai digit; everything else as it is: "มท 0801.2/ว 52" → "มท ๐๘๐๑.๒/ว ๕๒". */
export function toThaiDigits(value: string | number): string {
	return String(value).replace(/[0-9]/g, (digit) => thaiDigits[Number(digit)]!);
}

/** Thai digits back to ASCII, for reading what a user typed in either script. */
export function fromThaiDigits(value: string): string {
	return value.replace(/[๐-๙]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50));
}

/**
 * A number with thousands separators in Thai digits: 7844 → "๗,๘๔๔", 1234.5 with one fraction
 * digit → "๑,๒๓๔.๕". Rounded to `maximumFractionDigits` (default 0); `minimumFractionDigits`
 * pads (default 0).
 */
export function formatThaiNumber(
	value: number,
	options: { maximumFractionDigits?: number; minimumFractionDigits?: number } = {}
): string {
	if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	const maximumFractionDigits = options.maximumFractionDigits ?? 0;
	const formatted = value.toLocaleString('en-US', {
		maximumFractionDigits,
		minimumFractionDigits: Math.min(options.minimumFractionDigits ?? 0, maximumFractionDigits),
		useGrouping: true
	});
	return toThaiDigits(formatted);
}
