/** Photos and documents on monthly progress reports (issue 16 item 2), and the public photos. */
export const th = {
	rfHeading: 'ภาพถ่ายและเอกสารประกอบ',
	rfNone: 'ยังไม่มีไฟล์แนบ',
	rfHint:
		'ภาพถ่าย (JPEG, PNG, WebP) หรือเอกสาร (PDF, Word, Excel) ไฟล์ละไม่เกิน {mb} MB รายงานละไม่เกิน {max} ไฟล์ ระบบตรวจชนิดไฟล์จากเนื้อไฟล์ ตำแหน่ง GPS ในภาพใช้แสดงบนแผนที่สำหรับเจ้าหน้าที่ และจะถูกลบออกจากภาพที่เผยแพร่',
	rfFile: 'ไฟล์',
	rfCaption: 'คำบรรยาย',
	rfPublic: 'แสดงต่อสาธารณะ (เฉพาะภาพถ่าย เมื่อรายงานได้รับการรับรอง)',
	rfUpload: 'แนบไฟล์',
	rfRemove: 'นำออก',
	rfAdded: 'แนบไฟล์แล้ว',
	rfRemoved: 'นำไฟล์ออกแล้ว',
	rfFileNumber: 'ไฟล์แนบที่ {n}',
	rfIsPublic: 'เผยแพร่',
	rfNotPublic: 'ไม่เผยแพร่',
	rfTakenAt: 'ถ่ายเมื่อ {date}',
	rfHasPoint: 'มีตำแหน่ง GPS',
	rfNoPoint: 'ไม่มีตำแหน่ง GPS',
	rfAddedBy: 'แนบโดย {name} · {date}',
	rfFinal: 'รายงานได้รับการรับรองแล้ว ไฟล์แนบไม่เปลี่ยนแปลงอีก',
	rfMapHeading: 'ตำแหน่งที่ถ่ายภาพ',
	rfMapCaption:
		'จุดตำแหน่งจากข้อมูล GPS (EXIF) ในภาพถ่าย บนขอบเขตของเขต ({count} ภาพ) ที่มา: ไฟล์ภาพที่แนบกับรายงาน',
	rfMapNone: 'ไม่มีภาพถ่ายที่มีตำแหน่ง GPS',
	rfPhotosHeading: 'ภาพถ่ายจากรายงานความก้าวหน้า',
	rfPhotosSource: 'ที่มา: ภาพถ่ายที่ผู้รายงานเลือกเผยแพร่ในรายงานประจำเดือนที่ได้รับการรับรองแล้ว',
	rfPhotoAlt: 'ภาพถ่ายประกอบรายงานประจำเดือน {period}',
	rfBytes: '{size} กิโลไบต์',
	problem_attachment_none: 'เลือกไฟล์ที่จะแนบอย่างน้อยหนึ่งไฟล์',
	problem_attachment_too_many: 'รายงานหนึ่งฉบับแนบได้ไม่เกิน {max} ไฟล์ (มีอยู่แล้ว {already} ไฟล์)',
	problem_attachment_caption_too_long: 'คำบรรยายของ {fileName} ยาวเกิน 500 ตัวอักษร',
	problem_attachment_public_not_photo: 'เผยแพร่ได้เฉพาะภาพถ่าย ({fileName} ไม่ใช่ภาพถ่าย)',
	auditAction_progress_report_attachment_added: 'แนบไฟล์กับรายงานความก้าวหน้า',
	auditAction_progress_report_attachment_removed: 'นำไฟล์ออกจากรายงานความก้าวหน้า'
};

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
	auditAction_progress_report_attachment_removed: 'File removed from a progress report'
};
