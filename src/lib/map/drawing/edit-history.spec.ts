import { describe, expect, test } from 'vitest';
import { EditHistory } from './edit-history';

describe('EditHistory', () => {
	test('undoes and redoes in order, and a new edit drops the redo branch', () => {
		const history = new EditHistory('a');
		expect(history.canUndo).toBe(false);
		history.push('b');
		history.push('c');
		expect(history.undo()).toBe('b');
		expect(history.undo()).toBe('a');
		expect(history.undo()).toBeUndefined();
		expect(history.redo()).toBe('b');
		expect(history.current).toBe('b');
		history.push('d');
		expect(history.canRedo).toBe(false);
		expect(history.redo()).toBeUndefined();
		expect(history.undo()).toBe('b');
	});

	test('keeps at most `limit` states behind the present', () => {
		const history = new EditHistory(0, 3);
		for (let i = 1; i <= 10; i++) history.push(i);
		expect([history.undo(), history.undo(), history.undo(), history.undo()]).toEqual([
			9,
			8,
			7,
			undefined
		]);
	});

	test('reset forgets every step', () => {
		const history = new EditHistory('a');
		history.push('b');
		history.reset('z');
		expect(history.canUndo).toBe(false);
		expect(history.canRedo).toBe(false);
		expect(history.current).toBe('z');
	});
});
