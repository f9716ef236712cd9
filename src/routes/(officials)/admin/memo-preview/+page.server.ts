import { z } from 'zod';
import { canPreviewMemos } from '$lib/server/accounts/permissions';
import { forbidden } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import type { PageServerLoad } from './$types';

/**
 * The memo's print layout, for DLA to check. `reference` (the default) is the first memo of
 * /work/shared/reference/moi-directive-sedz-2564.txt, copied by hand: DLA's own memorandum
 * มท ๐๘๐๑.๒/ว ๕๒ of ๓ มกราคม ๒๕๖๕. `zone` is a sample decision memo marked as a sample, to
 * check the parts the reference memo lacks: the blank document number (never invented), the
 * figures, the map and the acting line. Nothing here is stored.
 */
const previewParams = z.object({
	variant: z.enum(['reference', 'zone']).default('reference')
});

export const load: PageServerLoad = (event) => {
	if (!canPreviewMemos(event.locals.user)) throwPageError(forbidden(), event);
	const parsed = previewParams.safeParse(Object.fromEntries(event.url.searchParams));
	const variant = parsed.success ? parsed.data.variant : 'reference';
	return { variant, memo: variant === 'zone' ? sampleZoneMemo : referenceMemo };
};

const referenceMemo = {
	office: 'กรมส่งเสริมการปกครองท้องถิ่น สำนักงานเลขาธิการกรม โทร. ๐-๒๒๔๑-๙๐๑๔, ๑๒๖๔',
	documentNumber: 'มท ๐๘๐๑.๒/ว ๕๒',
	dateIso: '2022-01-03',
	subject:
		'สรุปลงสาระสำคัญการมอบนโยบายการปฏิบัติราชการ/ข้อสั่งการของปลัดกระทรวงมหาดไทยในการตรวจเยี่ยมส่วนราชการระดับกรมในสังกัดกระทรวงมหาดไทย',
	to: 'ท้องถิ่นจังหวัด ทุกจังหวัด',
	paragraphs: [
		'ตามหนังสือกรมส่งเสริมการปกครองท้องถิ่น ที่ มท ๐๘๐๑.๒/ว ๒๗๔๗ ลงวันที่ ๑๙ พฤศจิกายน ๒๕๖๔ แจ้งให้เข้าร่วมรับมอบแนวทางการปฏิบัติงานของปลัดกระทรวงมหาดไทยให้แก่ผู้บริหารกรมส่งเสริมการปกครองท้องถิ่น ในวันพฤหัสบดีที่ ๒ ธันวาคม ๒๕๖๔ นั้น',
		'ในการนี้ กระทรวงมหาดไทยได้จัดทำสรุปลงสาระสำคัญการมอบนโยบายการปฏิบัติราชการ/ข้อสั่งการของปลัดกระทรวงมหาดไทย รายละเอียดปรากฏตามเอกสารที่ส่งมาพร้อมนี้',
		'จึงเรียนมาเพื่อทราบและพิจารณาดำเนินการในส่วนที่เกี่ยวข้องต่อไป'
	],
	figures: [],
	mapImageUrl: undefined,
	signer: {
		name: 'นายประยูร รัตนเสนีย์',
		position: 'อธิบดีกรมส่งเสริมการปกครองท้องถิ่น',
		actingFor: undefined
	}
};

// A schematic outline, not a real zone: the map slot's size and frame are what is checked.
const sampleMapSvg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><rect width="100" height="100" fill="#fff"/><path d="M18 30 L46 14 L80 24 L86 58 L64 86 L28 78 L12 52 Z" fill="#d8e8dc" stroke="#1f5f3f" stroke-width="1.5"/><text x="50" y="54" font-size="8" text-anchor="middle" fill="#1f5f3f">ตัวอย่าง</text></svg>`;

const sampleZoneMemo = {
	office: 'สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น',
	documentNumber: '',
	dateIso: new Date().toISOString(),
	subject: '(ตัวอย่าง) ผลการพิจารณาเขตพัฒนาเศรษฐกิจพอเพียง',
	to: 'ท้องถิ่นจังหวัดขอนแก่น',
	paragraphs: [
		'(ตัวอย่างสำหรับตรวจการจัดหน้า ไม่ใช่หนังสือจริง) ตามที่ได้เสนอเขตพัฒนาเศรษฐกิจพอเพียงเพื่อพิจารณา นั้น',
		'ผู้ว่าราชการจังหวัดได้พิจารณาแล้ว เห็นชอบให้ดำเนินการตามรายละเอียดและข้อมูลสำคัญของเขตที่แนบ',
		'จึงเรียนมาเพื่อทราบและดำเนินการต่อไป'
	],
	figures: [
		{ label: 'พื้นที่', value: '1,234.5 ตร.กม.' },
		{ label: 'ประชากรที่ครอบคลุม', value: '56,789 คน' },
		{ label: 'อปท. ที่ครอบคลุม', value: '12 แห่ง' },
		{ label: 'คะแนน', value: '72.4 จาก 100' }
	],
	mapImageUrl: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(sampleMapSvg)}`,
	signer: {
		name: 'ชื่อ นามสกุล',
		position: 'รองผู้ว่าราชการจังหวัดขอนแก่น',
		actingFor: 'ผู้ว่าราชการจังหวัดขอนแก่น'
	}
};
