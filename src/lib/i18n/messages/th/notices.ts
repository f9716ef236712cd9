/** Messages of issue 7 (email notices). Keys are merged into one table in `../../../index.ts`: keep them unique. */
export const th = {
	// The email itself (Thai part first; see notices.message.ts).
	noticeMailSubject: '[SEDZ] หนังสือใหม่: {subject}',
	noticeGreeting: 'เรียน {recipient}',
	noticeIntro: 'มีรายการใหม่ในทะเบียนการประสานงานของระบบวางแผนเขตพัฒนาเศรษฐกิจพอเพียง ส่งถึงหน่วยงานของท่าน',
	noticeKindLine: 'ประเภท: {kind}',
	noticeSubjectLine: 'เรื่อง: {subject}',
	noticeDocumentLine: 'ที่: {number}',
	noticeFromLine: 'จาก: {sender}',
	noticePeriodLine: 'งวดรายงาน: {period}',
	noticeDueLine: 'กำหนดภายใน: {date}',
	noticeOpenLine: 'เปิดดูและตอบในระบบ: {link}',
	noticeFooter:
		'อีเมลฉบับนี้ส่งโดยอัตโนมัติ โปรดอย่าตอบกลับ หากไม่ประสงค์จะรับอีเมลแจ้งเตือน ลบที่อยู่อีเมลของท่านได้ที่ {link}',
	// Forms.
	noticeEmailField: 'อีเมล (สำหรับแจ้งเตือนเท่านั้น)',
	noticeEmailHint: 'ไม่แสดงต่อสาธารณะ เว้นว่างหากไม่ต้องการรับอีเมล',
	noticeAccountTitle: 'อีเมลแจ้งเตือน',
	noticeAccountBody:
		'เมื่อมีหนังสือหรือรายการในทะเบียนการประสานงานส่งถึงหน่วยงานของท่าน ระบบจะแจ้งทางอีเมลนี้ (เมื่อผู้ดูแลระบบตั้งค่าการส่งอีเมลแล้ว) ที่อยู่อีเมลไม่แสดงต่อสาธารณะ เว้นว่างแล้วบันทึกเพื่อหยุดรับ',
	noticeAccountSubmit: 'บันทึกอีเมล',
	noticeAccountSaved: 'บันทึกอีเมลแล้ว',
	noticeAccountRemoved: 'ลบอีเมลแล้ว จะไม่ได้รับอีเมลแจ้งเตือนอีก',
	noticeAccountNone: 'ยังไม่ได้ระบุ',
	problem_user_email_format: 'ที่อยู่อีเมลต้องมีรูปแบบ ชื่อ@โดเมน เช่น name@example.go.th',
	problem_user_email_too_long: 'ที่อยู่อีเมลยาวได้ไม่เกิน 254 ตัวอักษร',
	// The outbox page.
	noticesTitle: 'คิวอีเมลแจ้งเตือน',
	noticesIntro:
		'อีเมลแจ้งหน่วยงานผู้รับเมื่อมีรายการใหม่ในทะเบียนการประสานงาน หนึ่งฉบับต่อผู้ใช้แต่ละคนของหน่วยงานที่ระบุอีเมลไว้ เข้าคิวทุกครั้ง และส่งเมื่อตั้งค่า SMTP แล้ว',
	noticesSmtpOn: 'การส่งอีเมล: เปิดใช้งาน ส่งจาก {from}',
	noticesSmtpOff: 'ยังไม่ได้ตั้งค่าการส่งอีเมล (SMTP_URL): อีเมลแจ้งเตือนเข้าคิวไว้ และจะส่งเมื่อตั้งค่าแล้ว',
	noticesCounts: 'สรุป',
	noticesLatest: 'รายการล่าสุด ({count})',
	noticesEmpty: 'ยังไม่มีอีเมลแจ้งเตือน',
	noticesColQueued: 'เข้าคิวเมื่อ',
	noticesColRecord: 'รายการ',
	noticesColRecipient: 'หน่วยงานผู้รับ',
	noticesColUser: 'ผู้ใช้',
	noticesColStatus: 'สถานะ',
	noticesColAttempts: 'ครั้งที่ส่ง',
	noticesColDetail: 'รายละเอียด',
	noticesSentAt: 'ส่งเมื่อ {time}',
	noticesNextAttempt: 'ลองใหม่ {time}',
	noticesStatus_pending: 'รอส่ง',
	noticesStatus_sent: 'ส่งแล้ว',
	noticesStatus_retrying: 'จะลองใหม่',
	noticesStatus_failed: 'ส่งไม่สำเร็จ',
	noticesUsersLink: 'คิวอีเมลแจ้งเตือน',
	// Workflow notices of zones (issue 15, item 8): the inbox list and the email.
	zoneNoticesHeading: 'แจ้งเตือนงานเขตพัฒนา',
	zoneNoticesEmpty: 'ยังไม่มีแจ้งเตือน',
	zoneNoticesUnread: 'ยังไม่ได้เปิด',
	zoneNotice_response_requested: 'ขอความเห็นจาก อปท. เรื่อง {zone}',
	zoneNotice_submitted: 'เสนอเขต {zone} ให้ผู้ว่าราชการจังหวัดพิจารณา',
	zoneNotice_returned: 'ผู้ว่าราชการจังหวัดส่งเขต {zone} กลับให้แก้ไข',
	zoneNotice_approved: 'ผู้ว่าราชการจังหวัดอนุมัติเขต {zone}',
	zoneNotice_rejected: 'ผู้ว่าราชการจังหวัดไม่อนุมัติเขต {zone}',
	zoneNoticeMailIntro: 'มีความเคลื่อนไหวของเขตพัฒนาเศรษฐกิจพอเพียงที่เกี่ยวข้องกับงานของท่าน',
	zoneNoticeMailProvince: 'จังหวัด: {province}',
	zoneNoticeMailOpen: 'เปิดดูในระบบ: {link}',
	// Monthly progress reports told of (issue 16): inbox lines and email subjects.
	zoneNotice_report_submitted: 'ส่งรายงานความก้าวหน้าประจำเดือน{month} ของ {zone} แล้ว รอการพิจารณา',
	zoneNotice_report_returned:
		'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดส่งรายงานความก้าวหน้าประจำเดือน{month} ของ {zone} กลับให้แก้ไข',
	zoneNotice_report_overdue: 'รายงานความก้าวหน้าประจำเดือน{month} ของ {zone} เลยกำหนดส่งแล้ว',
	zoneNoticeReportMailIntro:
		'มีความเคลื่อนไหวของรายงานความก้าวหน้าประจำเดือนของเขตพัฒนาเศรษฐกิจพอเพียงที่เกี่ยวข้องกับงานของท่าน'
};
