/**
 * An undo/redo stack of whole states (the zone's drawn geometry after each finished edit).
 * Terra Draw's own undo covers the polygon being drawn, not edits made in select mode, so the
 * workspace keeps this one stack for both: each finished edit pushes the geometry it left.
 */
export class EditHistory<State> {
	private past: State[] = [];
	private future: State[] = [];

	/** Starts over from `initial` (after a load, a save or a cancel). */
	constructor(
		private present: State,
		/** The most states kept behind the present; older ones are dropped. */
		private readonly limit = 200
	) {}

	get current(): State {
		return this.present;
	}

	get canUndo(): boolean {
		return this.past.length > 0;
	}

	get canRedo(): boolean {
		return this.future.length > 0;
	}

	/** Records a new present; the redo branch is dropped, as in every editor. */
	push(state: State): void {
		this.past.push(this.present);
		if (this.past.length > this.limit) this.past.shift();
		this.present = state;
		this.future = [];
	}

	/** Steps back and returns the state to show, or undefined when there is nothing to undo. */
	undo(): State | undefined {
		const previous = this.past.pop();
		if (previous === undefined) return undefined;
		this.future.push(this.present);
		this.present = previous;
		return previous;
	}

	/** Steps forward again, or undefined when there is nothing to redo. */
	redo(): State | undefined {
		const next = this.future.pop();
		if (next === undefined) return undefined;
		this.past.push(this.present);
		this.present = next;
		return next;
	}

	/** Forgets every step and starts from `state`. */
	reset(state: State): void {
		this.past = [];
		this.future = [];
		this.present = state;
	}
}
