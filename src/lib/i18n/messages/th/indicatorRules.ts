/**
 * Issue 15, item 3: the indicator import's findings in the reader's language, one per rule of
 * `indicator-import.service.ts`, `osm-pack.import.ts` and `geodata/csv.ts` (the English detail
 * with the figures stays under "technical details"). `{value}` is the offending cell.
 */
export const th = {
	indicatorRule_unreadable_file: 'อ่านไฟล์ไม่ได้ ต้องเป็นไฟล์ CSV แบบ UTF-8 ที่มีข้อมูล',
	indicatorRule_missing_column: 'หัวตารางไม่มีคอลัมน์นี้ ซึ่งจำเป็นต้องมี',
	indicatorRule_extra_column: 'ระบบไม่ใช้คอลัมน์นี้ ค่าในคอลัมน์จะไม่ถูกนำเข้า',
	indicatorRule_required_value: 'ช่องนี้ต้องมีค่า',
	indicatorRule_unknown_code: 'ไม่พบรหัส {value} ในทะเบียน อปท. หรือตำบล',
	indicatorRule_invalid_value: 'ค่า "{value}" ไม่อยู่ในรูปแบบที่กำหนด',
	indicatorRule_built_in_indicator: 'ตัวชี้วัดนี้ระบบคำนวณจากข้อมูลแผนที่เอง นำเข้าจากไฟล์ไม่ได้',
	indicatorRule_unit_mismatch: 'หน่วยไม่ตรงกับหน่วยของตัวชี้วัดนี้',
	indicatorRule_aggregation_mismatch: 'วิธีรวมค่าไม่ตรงกับที่กำหนดไว้สำหรับตัวชี้วัดนี้',
	indicatorRule_new_indicator: 'เพิ่มเป็นตัวชี้วัดใหม่ในบัญชีตัวชี้วัด',
	indicatorRule_duplicate_key: 'ซ้ำกับแถวก่อนหน้า (พื้นที่ ตัวชี้วัด และปีเดียวกัน)',
	indicatorRule_missing_value: 'ไม่มีค่า บันทึกเป็น "ไม่มีข้อมูล" (ไม่ใช่ศูนย์)',
	indicatorRule_no_rows: 'ไฟล์มีหัวตารางแต่ไม่มีข้อมูล จึงไม่มีสิ่งใดถูกนำเข้า',
	indicatorRule_osm_pack: 'ระบบรู้จักไฟล์นี้เป็นชุดข้อมูลสถานที่จาก OpenStreetMap',
	indicatorRule_other: 'พบปัญหาในแถวนี้'
};
