/** The error page: what an official reads when a page cannot be shown (never a developer's text). */
export const th = {
	errorTitle_400: 'คำขอไม่ถูกต้อง',
	errorBody_400: 'ข้อมูลที่ส่งมากับลิงก์นี้ไม่ถูกต้อง โปรดกลับไปหน้าก่อนแล้วลองอีกครั้ง',
	errorTitle_403: 'ไม่มีสิทธิ์เข้าถึงหน้านี้',
	errorBody_403:
		'บัญชีของท่านไม่มีสิทธิ์เปิดหน้านี้ หากเห็นว่าควรมีสิทธิ์ โปรดติดต่อผู้ดูแลระบบของกรมส่งเสริมการปกครองท้องถิ่น',
	errorBody_403_signedOut: 'หน้านี้สำหรับเจ้าหน้าที่ โปรดเข้าสู่ระบบก่อน',
	errorTitle_404: 'ไม่พบหน้าที่ต้องการ',
	errorBody_404: 'ไม่มีหน้านี้ หรือท่านไม่มีสิทธิ์เห็น (เขตที่ยังไม่อนุมัติเห็นได้เฉพาะเจ้าหน้าที่ที่เกี่ยวข้อง)',
	errorTitle_429: 'มีคำขอมากเกินไป',
	errorBody_429: 'โปรดรอสักครู่แล้วลองอีกครั้ง',
	errorTitle_500: 'ระบบขัดข้อง',
	errorBody_500:
		'เกิดข้อผิดพลาดในระบบ ข้อมูลที่บันทึกไว้แล้วไม่สูญหาย โปรดลองอีกครั้ง หากยังพบปัญหา โปรดแจ้งผู้ดูแลระบบพร้อมเวลาที่เกิดเหตุ',
	errorTitle_503: 'ระบบยังไม่พร้อมให้บริการ',
	errorBody_503: 'ระบบกำลังเริ่มทำงานหรือนำเข้าข้อมูล โปรดลองอีกครั้งในอีกสักครู่',
	errorStatus: 'รหัสข้อผิดพลาด {status}',
	errorHome: 'กลับหน้าแรก',
	errorLogIn: 'เข้าสู่ระบบ'
};

export const en: Record<keyof typeof th, string> = {
	errorTitle_400: 'Bad request',
	errorBody_400: 'The link carried data that is not valid. Go back and try again.',
	errorTitle_403: 'You may not open this page',
	errorBody_403:
		'Your account may not open this page. If you think it should, ask DLA’s system administrator.',
	errorBody_403_signedOut: 'This page is for officials: please log in first.',
	errorTitle_404: 'Page not found',
	errorBody_404:
		'There is no such page, or you may not see it (a zone not yet approved is seen only by the officials concerned).',
	errorTitle_429: 'Too many requests',
	errorBody_429: 'Please wait a moment and try again.',
	errorTitle_500: 'Something went wrong',
	errorBody_500:
		'The system failed. Nothing already saved is lost. Try again; if it happens again, tell the system administrator the time it happened.',
	errorTitle_503: 'Not ready yet',
	errorBody_503: 'The system is starting or importing data. Try again in a moment.',
	errorStatus: 'Error code {status}',
	errorHome: 'Home',
	errorLogIn: 'Log in'
};
