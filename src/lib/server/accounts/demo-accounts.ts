import { sql, type Kysely } from 'kysely';
import type { Role } from '../../accounts/roles';
import type { DB } from '../db/schema';
import { hashPassword } from './password';

/**
 * Demo accounts (DEMO_MODE=true) for trying the app and for the HTTP and browser tests, which
 * rely on these exact usernames and password. With DEMO_MODE off they are disabled and their
 * sessions ended at every start, so a production instance never keeps them usable.
 */

/** Published in the README: never use demo mode on an instance with real plans. */
export const demoPassword = 'sedz-demo-password';

interface DemoAccount {
	username: string;
	role: Role;
	displayName: string;
	position: string;
	provinceCode?: string;
	dlaCode?: string;
	districtCode?: string;
}

export const demoAccounts: readonly DemoAccount[] = [
	{
		username: 'dla.demo',
		role: 'dla_staff',
		displayName: 'เจ้าหน้าที่กรมส่งเสริมการปกครองท้องถิ่น (สาธิต)',
		position: 'นักวิเคราะห์นโยบายและแผนชำนาญการ กรมส่งเสริมการปกครองท้องถิ่น'
	},
	{
		username: 'planner.th40',
		role: 'planner',
		provinceCode: 'TH40',
		displayName: 'ผู้วางแผน จังหวัดขอนแก่น (สาธิต)',
		position: 'นักวิเคราะห์นโยบายและแผน สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดขอนแก่น'
	},
	{
		username: 'planner.th30',
		role: 'planner',
		provinceCode: 'TH30',
		displayName: 'ผู้วางแผน จังหวัดนครราชสีมา (สาธิต)',
		position: 'นักวิเคราะห์นโยบายและแผน สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดนครราชสีมา'
	},
	{
		username: 'governor.th40',
		role: 'governor',
		provinceCode: 'TH40',
		displayName: 'ผู้ว่าราชการจังหวัดขอนแก่น (สาธิต)',
		position: 'ผู้ว่าราชการจังหวัดขอนแก่น'
	},
	{
		username: 'governor.th30',
		role: 'governor',
		provinceCode: 'TH30',
		displayName: 'ผู้ว่าราชการจังหวัดนครราชสีมา (สาธิต)',
		position: 'ผู้ว่าราชการจังหวัดนครราชสีมา'
	},
	{
		username: 'lao.6400906',
		role: 'lao_officer',
		dlaCode: '6400906',
		displayName: 'เจ้าหน้าที่ อบต.ดูนสาด (สาธิต)',
		position: 'ปลัดองค์การบริหารส่วนตำบลดูนสาด'
	},
	{
		username: 'lao.6400907',
		role: 'lao_officer',
		dlaCode: '6400907',
		displayName: 'เจ้าหน้าที่ อบต.บ้านฝาง (สาธิต)',
		position: 'ปลัดองค์การบริหารส่วนตำบลบ้านฝาง'
	},
	{
		// Khon Kaen's Mueang district (ADM2 TH4001, อำเภอเมืองขอนแก่น): the demo district.
		username: 'district.th4001',
		role: 'district_office',
		provinceCode: 'TH40',
		districtCode: 'TH4001',
		displayName: 'ท้องถิ่นอำเภอเมืองขอนแก่น (สาธิต)',
		position: 'ท้องถิ่นอำเภอเมืองขอนแก่น'
	}
];

export interface DemoAccountsResult {
	/** Demo accounts created or refreshed (demo mode on). */
	refreshed: string[];
	/** Names held by a real (not demo) account, left alone. */
	skipped: string[];
	/** Demo accounts disabled now (demo mode off). */
	disabled: number;
}

/**
 * Demo mode on: creates each demo account, or refreshes it to its listed role, names and
 * password and enables it. A real account that happens to hold a demo name is never touched.
 * Demo mode off: disables every demo account and deletes its sessions. One transaction.
 * Province and LAO codes are not checked here: on a first start the registry is not imported
 * yet, and these codes are fixed.
 */
export async function applyDemoMode(
	db: Kysely<DB>,
	demoMode: boolean
): Promise<DemoAccountsResult> {
	if (!demoMode) {
		return db.transaction().execute(async (trx) => {
			await trx
				.deleteFrom('user_session')
				.where('user_id', 'in', trx.selectFrom('app_user').select('id').where('is_demo', '=', true))
				.execute();
			const result = await trx
				.updateTable('app_user')
				.set({ disabled: true, updated_at: sql<Date>`now()` })
				.where('is_demo', '=', true)
				.where('disabled', '=', false)
				.executeTakeFirst();
			return { refreshed: [], skipped: [], disabled: Number(result.numUpdatedRows) };
		});
	}
	const passwordHash = await hashPassword(demoPassword);
	return db.transaction().execute(async (trx) => {
		const refreshed: string[] = [];
		const skipped: string[] = [];
		for (const account of demoAccounts) {
			const row = await trx
				.insertInto('app_user')
				.values({
					username: account.username,
					display_name: account.displayName,
					position: account.position,
					role: account.role,
					province_code: account.provinceCode ?? null,
					dla_code: account.dlaCode ?? null,
					district_code: account.districtCode ?? null,
					password_hash: passwordHash,
					is_demo: true
				})
				.onConflict((oc) =>
					oc
						.column('username')
						.doUpdateSet((eb) => ({
							display_name: eb.ref('excluded.display_name'),
							position: eb.ref('excluded.position'),
							role: eb.ref('excluded.role'),
							province_code: eb.ref('excluded.province_code'),
							dla_code: eb.ref('excluded.dla_code'),
							district_code: eb.ref('excluded.district_code'),
							password_hash: eb.ref('excluded.password_hash'),
							disabled: false,
							updated_at: sql<Date>`now()`
						}))
						.where('app_user.is_demo', '=', true)
				)
				.returning('id')
				.executeTakeFirst();
			(row ? refreshed : skipped).push(account.username);
		}
		return { refreshed, skipped, disabled: 0 };
	});
}
