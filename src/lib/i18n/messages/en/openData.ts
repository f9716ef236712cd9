/** English of `../th/openData.ts` (the Thai is the source of the keys). */
import type { th } from '../th/openData';

export const en: Record<keyof typeof th, string> = {
	odTitle: 'Downloads and services',
	odIntro:
		'Every layer is open to QGIS and other GIS software through OGC API – Features, or as a GeoPackage download with its sources and licences inside the file.',
	odLayer: 'Layer',
	odGeoPackage: 'GeoPackage',
	odOgc: 'OGC API',
	odCkan: 'CKAN package (data.go.th)',
	odLicence: 'Licence',
	odServices: 'Services for GIS software',
	odOgcLanding: 'OGC API – Features (QGIS: add a WFS / OGC API – Features layer)',
	odTiles: 'Vector tiles with their map style (style.json)',
	odCatalog: 'DCAT-AP catalogue (JSON-LD)',
	odStyles: 'Styles for QGIS and SLD',
	odStyleLaos: 'LAO types (QGIS .qml)',
	odStyleZones: 'Approved zones (QGIS .qml)',
	odStyleLaosSld: 'LAO types (SLD)',
	odStyleZonesSld: 'Approved zones (SLD)',
	odProgress: 'Action plans and monthly progress reports (CSV)',
	odProgressIntro:
		'The action plans approved by provincial governors and the figures of the reports accepted by the provincial offices. No personal names; English column names for programs; the source on every row.',
	odProgressTargets: 'Plan targets',
	odProgressActivities: 'Plan activities and budgets',
	odProgressFigures: 'Monthly figures of accepted reports',
	odProgressPage: 'See progress across the country',
	odProgressSource:
		'Source: action plans approved by provincial governors and monthly progress reports accepted by the provincial local administration offices, Department of Local Administration — Open Data Common'
};
