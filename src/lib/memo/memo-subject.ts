/** What every zone is, in the directive's words. */
const zoneKind = 'เขตพัฒนาเศรษฐกิจพอเพียง';

/**
 * The default subject (เรื่อง) of a decision memo about the zone named `zoneName`: "การพิจารณา"
 * followed by the kind of zone and its name, said once. Most zones are named with the kind in
 * front ("เขตพัฒนาเศรษฐกิจพอเพียงกระนวน"), which printed it twice (issue 15).
 */
export function decisionMemoSubject(zoneName: string): string {
	const name = zoneName.trim();
	return name.startsWith(zoneKind) ? `การพิจารณา${name}` : `การพิจารณา${zoneKind} ${name}`;
}
