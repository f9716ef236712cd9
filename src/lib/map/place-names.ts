import type { Locale, MessageKey } from '$lib/i18n';
import type { LaoType, PlaceKind } from '$lib/places/types';

/** What a place is, in words: the LAO type for an LAO, else the kind of unit. */
export function placeTypeKey(kind: PlaceKind, laoType: LaoType | null): MessageKey {
	return kind === 'lao' && laoType ? laoType : `kind_${kind}`;
}

/**
 * The name to show first. English shows the English name when the sources have one, else the
 * Thai name (never an invented romanization).
 */
export function primaryName(
	locale: Locale,
	place: { nameTh: string; nameEn: string | null }
): string {
	return locale === 'en' && place.nameEn ? place.nameEn : place.nameTh;
}

/** The other language's name, when there is one and it differs. */
export function secondaryName(
	locale: Locale,
	place: { nameTh: string; nameEn: string | null }
): string | null {
	const other = locale === 'en' ? place.nameTh : place.nameEn;
	return other && other !== primaryName(locale, place) ? other : null;
}
