import { z } from 'zod';

export const provinceParams = z.object({
	province: z
		.string()
		.regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')
		.optional()
});

export const requiredProvinceParams = z.object({
	province: z.string().regex(/^TH[0-9]{2}$/, 'must be a province code such as TH40')
});

export const laoCodeParams = z.object({
	code: z.string().regex(/^[0-9]{7}$/, 'must be a 7-digit DLA code')
});
