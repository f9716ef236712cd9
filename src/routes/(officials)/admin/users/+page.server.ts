import { z } from 'zod';
import { formFields, refuseForm } from '$lib/server/accounts/account-forms';
import {
	createUser,
	emailField,
	listProvinceChoices,
	listUsers,
	requireUserManager,
	resetPassword,
	updateUser
} from '$lib/server/accounts/user.service';
import {
	districtCodeField,
	dlaCodeField,
	displayNameField,
	newUserInput,
	passwordField,
	positionField,
	problemsFromZod,
	provinceCodeField,
	roleField
} from '$lib/server/accounts/user.schemas';
import { getDatabase } from '$lib/server/app-state';
import { invalid } from '$lib/server/domain-errors';
import { throwPageError } from '$lib/server/http/route-errors';
import type { Actions, PageServerLoad } from './$types';

// DLA staff only: the user service refuses everyone else (403; the public is sent to log in).

const userIdField = z.coerce.number({ error: 'user.unknown' }).int().positive();

const updateForm = z.object({
	userId: userIdField,
	displayName: displayNameField,
	position: positionField,
	role: roleField,
	provinceCode: provinceCodeField,
	dlaCode: dlaCodeField,
	districtCode: districtCodeField,
	// For email notices only; blank removes it.
	email: emailField,
	// An unticked checkbox is absent from the form: absent means enabled.
	disabled: z.preprocess((value) => value === 'on' || value === 'true', z.boolean())
});

const resetForm = z.object({ userId: userIdField, password: passwordField });

const createForm = newUserInput.extend({ email: emailField });

export const load: PageServerLoad = async (event) => {
	const db = getDatabase().db;
	try {
		const users = await listUsers(db, event.locals.user);
		return { users, provinces: await listProvinceChoices(db, event.locals.user) };
	} catch (caught) {
		throwPageError(caught, event);
	}
};

export const actions: Actions = {
	create: async (event) => {
		try {
			requireUserManager(event.locals.user);
		} catch (caught) {
			throwPageError(caught, event);
		}
		const fields = formFields(await event.request.formData());
		// Echoed back so a refused form keeps what was typed (never the password).
		const values = { ...fields, password: '' };
		const parsed = createForm.safeParse(fields);
		try {
			if (!parsed.success) throw invalid(problemsFromZod(parsed.error));
			await createUser(getDatabase().db, event.locals.user, parsed.data);
			return { form: 'create', created: parsed.data.username as string };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'create', values });
		}
	},
	update: async (event) => {
		try {
			requireUserManager(event.locals.user);
		} catch (caught) {
			throwPageError(caught, event);
		}
		const fields = formFields(await event.request.formData());
		const parsed = updateForm.safeParse(fields);
		const userId = Number(fields.userId);
		try {
			if (!parsed.success) throw invalid(problemsFromZod(parsed.error));
			const { userId: id, ...changes } = parsed.data;
			await updateUser(getDatabase().db, event.locals.user, id, changes);
			return { form: 'update', userId: id, saved: true };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'update', userId, values: fields });
		}
	},
	resetPassword: async (event) => {
		try {
			requireUserManager(event.locals.user);
		} catch (caught) {
			throwPageError(caught, event);
		}
		const fields = formFields(await event.request.formData());
		const parsed = resetForm.safeParse(fields);
		const userId = Number(fields.userId);
		try {
			if (!parsed.success) throw invalid(problemsFromZod(parsed.error));
			await resetPassword(
				getDatabase().db,
				event.locals.user,
				parsed.data.userId,
				parsed.data.password
			);
			return { form: 'reset', userId, reset: true };
		} catch (caught) {
			return refuseForm(caught, event, { form: 'reset', userId });
		}
	}
};
