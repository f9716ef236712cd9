/** English of `../th/report-files.ts` (the Thai is the source of the keys). */
import type { th } from '../th/report-files';

export const en: Record<keyof typeof th, string> = {
	rfHeading: 'Photos and documents',
	rfNone: 'No files attached yet',
	rfHint:
		'Photos (JPEG, PNG, WebP) or documents (PDF, Word, Excel), at most {mb} MB each, {max} files to a report; the type is checked from the file’s content. A photo’s GPS position shows on the officials’ map and is removed from the copy shown to the public.',
	rfFile: 'File',
	rfCaption: 'Caption',
	rfPublic: 'Show to the public (photos only, once the report is accepted)',
	rfUpload: 'Attach',
	rfRemove: 'Remove',
	rfAdded: 'Files attached',
	rfRemoved: 'File removed',
	rfFileNumber: 'File {n}',
	rfIsPublic: 'Public',
	rfNotPublic: 'Not public',
	rfTakenAt: 'Taken {date}',
	rfHasPoint: 'Has a GPS position',
	rfNoPoint: 'No GPS position',
	rfAddedBy: 'Added by {name} · {date}',
	rfFinal: 'The report is accepted: its files no longer change',
	rfMapHeading: 'Where the photos were taken',
	rfMapCaption:
		'Points from the photos’ GPS data (EXIF) over the zone’s outline (photos with a position: {count}). Source: the photo files attached to the report',
	rfMapNone: 'No photo has a GPS position',
	rfPhotosHeading: 'Photos from the progress reports',
	rfPhotosSource:
		'Source: photos the filers chose to publish in monthly reports that have been accepted',
	rfPhotoAlt: 'Photo of the monthly report for {period}',
	rfBytes: '{size} KB',
	problem_attachment_none: 'choose at least one file to attach',
	problem_attachment_too_many: 'a report holds at most {max} files (it has {already})',
	problem_attachment_caption_too_long: 'the caption of {fileName} is longer than 500 characters',
	problem_attachment_public_not_photo:
		'only photos can be shown to the public ({fileName} is not a photo)',
	auditAction_progress_report_attachment_added: 'File attached to a progress report',
	auditAction_progress_report_attachment_removed: 'File removed from a progress report',
	auditAction_progress_report_attachment_changed: 'File of a progress report changed',
	rfMakePublic: 'Show to the public',
	rfMakePrivate: 'Stop showing to the public',
	rfChanged: 'File changed'
};
