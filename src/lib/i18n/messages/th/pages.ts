/** The messages of every other page, loaded when one of them opens (`../../bundles.ts`). */
import { th as corePages } from './corePages';
import { th as publicZones } from './publicZones';
import { th as accounts } from './accounts';
import { th as zones } from './zones';
import { th as workflow } from './workflow';
import { th as models } from './models';
import { th as coordination } from './coordination';
import { th as review } from './review';
import { th as memo } from './memo';
import { th as acting } from './acting';
import { th as notices } from './notices';
import { th as analysis } from './analysis';
import { th as openData } from './openData';
import { th as candidates } from './candidates';
import { th as auditFields } from './auditFields';
import { th as indicatorRules } from './indicatorRules';
import { th as readiness } from './readiness';
import { th as comments } from './comments';
import { th as plans } from './plans';
import { th as planPages } from './plan-pages';
import { th as reportFiles } from './report-files';
import { th as dashboards } from './dashboards';

export const th = {
	...corePages,
	...publicZones,
	...accounts,
	...zones,
	...workflow,
	...models,
	...coordination,
	...review,
	...memo,
	...acting,
	...notices,
	...analysis,
	...openData,
	...candidates,
	...auditFields,
	...indicatorRules,
	...readiness,
	...comments,
	...plans,
	...planPages,
	...reportFiles,
	...dashboards
};
