/** English of `../th/memo.ts` (the Thai is the source of the keys). */
import type { th } from '../th/memo';

export const en: Record<keyof typeof th, string> = {
	memoPageTitle: 'Decision memo',
	memoDecisionLine: '{event} {zone}, revision {revision}, on {date}',
	memoActingLine: 'by {actor}, acting for {governor}',
	memoPageIntro:
		'Fill in or correct the memo’s fields, then save. The memo as it prints is shown below. Every save is kept as a new version; the latest prints.',
	memoFormTitle: 'Memo fields',
	memoFieldOffice: 'Issuing office',
	memoFieldDocumentNumber: 'Document number',
	memoFieldDocumentNumberHint:
		'The number from your office’s register. The app never assigns one; left empty, a dotted blank line prints for the clerk to write in.',
	memoFieldMemoDate: 'Date',
	memoFieldSubject: 'Subject',
	memoFieldAddressee: 'To',
	memoFieldClosingText: 'Closing sentence',
	memoFieldClosingTextHint: 'May be left empty for no closing sentence.',
	memoFieldSignerName: 'Signer’s name',
	memoFieldSignerPosition: 'Signer’s position',
	memoActingSignerHint:
		'The signer acted for {governor}: the line saying so (“acting for {position}”, in Thai) prints under the position by itself.',
	memoSave: 'Save',
	memoSaved: 'Saved',
	memoSavedBy: 'Last saved by {name} on {time}',
	memoNotSavedYet: 'Not saved yet: the memo below shows the defaults.',
	memoFixErrors: 'Not saved: please correct the fields marked.',
	memoErrorRequired: 'Required',
	memoErrorTooLong: 'Longer than {max} characters',
	memoErrorDate: 'Not a valid date',
	memoErrorInvalid: 'Not valid',
	memoNoEmblem: 'The office has not uploaded an emblem: its place on the memo stays empty.',
	memoManageEmblem: 'Office emblems',
	memoBackToZone: 'Back to the zone',
	memoPrintHint: 'Print from the browser on A4, or save as PDF: only the memo prints.',

	emblemPageTitle: 'Office emblem',
	emblemPageIntro:
		'The emblem printed at the top left of the office’s memos. None is bundled: each office uploads its own. A new upload replaces the previous emblem.',
	emblemOffice: 'Office',
	emblemChooseOffice: 'Choose',
	emblemCurrent: 'Current emblem',
	emblemUploadedAt: 'Uploaded on {time}',
	emblemNone: 'No emblem yet',
	emblemFile: 'Emblem file',
	emblemFileHint: 'PNG or JPEG, at most 512 KB; best square, on a transparent or white background.',
	emblemUpload: 'Upload',
	emblemUploaded: 'Emblem uploaded',
	emblemErrorNotImage: 'This file is neither a PNG nor a JPEG image',
	emblemErrorTooLarge: 'The file is larger than 512 KB',
	emblemErrorFileRequired: 'Choose a file',
	emblemErrorOffice: 'No such office',
	emblemAlt: 'Emblem of {office}'
};
