/** Messages of issue 6 (memo). Keys are merged into one table in `../../../index.ts`: keep them unique. */
export const th = {
	// ---- A decision's memo (/zones/[id]/decisions/[transitionId]/memo)
	memoPageTitle: 'บันทึกข้อความการพิจารณาเขต',
	memoDecisionLine: '{event} {zone} ฉบับที่ {revision} เมื่อ {date}',
	memoActingLine: 'โดย {actor} ปฏิบัติราชการแทน {governor}',
	memoPageIntro:
		'กรอกหรือแก้ไขข้อมูลของบันทึกข้อความ แล้วกดบันทึก บันทึกข้อความที่จะพิมพ์แสดงอยู่ด้านล่าง ทุกการบันทึกเก็บเป็นฉบับใหม่และพิมพ์ฉบับล่าสุด',
	memoFormTitle: 'ข้อมูลของบันทึกข้อความ',
	memoFieldOffice: 'ส่วนราชการ',
	memoFieldDocumentNumber: 'ที่ (เลขที่หนังสือ)',
	memoFieldDocumentNumberHint:
		'เลขที่จากทะเบียนหนังสือของส่วนราชการ ระบบไม่ออกเลขให้ หากเว้นว่างจะพิมพ์เป็นเส้นประให้เขียนเอง',
	memoFieldMemoDate: 'วันที่',
	memoFieldSubject: 'เรื่อง',
	memoFieldAddressee: 'เรียน',
	memoFieldClosingText: 'ข้อความลงท้าย',
	memoFieldClosingTextHint: 'เว้นว่างได้ หากไม่ต้องการข้อความลงท้าย',
	memoFieldSignerName: 'ชื่อผู้ลงนาม',
	memoFieldSignerPosition: 'ตำแหน่งผู้ลงนาม',
	memoActingSignerHint:
		'ผู้ลงนามปฏิบัติราชการแทน {governor} บรรทัด "ปฏิบัติราชการแทน {position}" จะพิมพ์ใต้ตำแหน่งให้เอง',
	memoSave: 'บันทึก',
	memoSaved: 'บันทึกแล้ว',
	memoSavedBy: 'บันทึกล่าสุดโดย {name} เมื่อ {time}',
	memoNotSavedYet: 'ยังไม่ได้บันทึก บันทึกข้อความด้านล่างใช้ค่าเริ่มต้น',
	memoFixErrors: 'ยังบันทึกไม่ได้ โปรดแก้ไขช่องที่ระบุ',
	memoErrorRequired: 'โปรดกรอกช่องนี้',
	memoErrorTooLong: 'ยาวเกิน {max} ตัวอักษร',
	memoErrorDate: 'วันที่ไม่ถูกต้อง',
	memoErrorInvalid: 'ค่าไม่ถูกต้อง',
	memoNoEmblem: 'ส่วนราชการยังไม่ได้อัปโหลดตรา ช่องตราบนบันทึกข้อความจะว่างไว้',
	memoManageEmblem: 'จัดการตราส่วนราชการ',
	memoBackToZone: 'กลับไปที่เขต',
	memoPrintHint: 'พิมพ์ด้วยเบราว์เซอร์: เลือกกระดาษ A4 และบันทึกเป็น PDF ได้ จะพิมพ์เฉพาะบันทึกข้อความ',

	// ---- Office emblems (/offices/emblem)
	emblemPageTitle: 'ตราส่วนราชการ',
	emblemPageIntro:
		'ตราที่พิมพ์มุมซ้ายบนของบันทึกข้อความของส่วนราชการ ระบบไม่มีตราให้ ส่วนราชการอัปโหลดตราของตนเอง การอัปโหลดใหม่จะแทนที่ตราเดิม',
	emblemOffice: 'ส่วนราชการ',
	emblemChooseOffice: 'เลือก',
	emblemCurrent: 'ตราปัจจุบัน',
	emblemUploadedAt: 'อัปโหลดเมื่อ {time}',
	emblemNone: 'ยังไม่มีตรา',
	emblemFile: 'ไฟล์ตรา',
	emblemFileHint: 'PNG หรือ JPEG ขนาดไม่เกิน 512 KB ควรเป็นภาพสี่เหลี่ยมจัตุรัสพื้นโปร่งใสหรือพื้นขาว',
	emblemUpload: 'อัปโหลด',
	emblemUploaded: 'อัปโหลดตราแล้ว',
	emblemErrorNotImage: 'ไฟล์นี้ไม่ใช่ภาพ PNG หรือ JPEG',
	emblemErrorTooLarge: 'ไฟล์ใหญ่เกิน 512 KB',
	emblemErrorFileRequired: 'โปรดเลือกไฟล์',
	emblemErrorOffice: 'ไม่พบส่วนราชการนี้',
	emblemAlt: 'ตราของ {office}'
} as const;
