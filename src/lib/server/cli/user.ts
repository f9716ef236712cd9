import { runUserCommand } from '../accounts/user-command';
import { runCli } from './run-cli';

// npm run user -- add --username NAME --role ROLE --name "DISPLAY" [...] | list | disable --username NAME

/**
 * Reads a line from the terminal without echoing it: raw mode, so the characters never reach
 * the screen; Backspace edits, Ctrl-C cancels.
 */
function readHiddenLine(prompt: string): Promise<string> {
	const stdin = process.stdin;
	if (!stdin.isTTY) {
		return Promise.reject(
			new Error('No terminal to ask for the password: set SEDZ_NEW_PASSWORD instead')
		);
	}
	process.stdout.write(prompt);
	return new Promise((resolve, reject) => {
		let value = '';
		const finish = () => {
			stdin.off('data', onData);
			stdin.setRawMode(false);
			stdin.pause();
			process.stdout.write('\n');
		};
		const onData = (chunk: string) => {
			for (const character of chunk) {
				if (character === '\r' || character === '\n') {
					finish();
					resolve(value);
					return;
				}
				if (character === '\u0003') {
					finish();
					reject(new Error('Cancelled'));
					return;
				}
				if (character === '\u007f' || character === '\b') value = [...value].slice(0, -1).join('');
				else value += character;
			}
		};
		stdin.setEncoding('utf8');
		stdin.setRawMode(true);
		stdin.resume();
		stdin.on('data', onData);
	});
}

async function readNewPassword(): Promise<string> {
	const fromEnvironment = process.env.SEDZ_NEW_PASSWORD;
	if (fromEnvironment) return fromEnvironment;
	const first = await readHiddenLine('Password for the new user (not shown): ');
	const second = await readHiddenLine('The same password again: ');
	if (first !== second) throw new Error('The two passwords differ: nothing was created');
	return first;
}

await runCli(async (database) =>
	runUserCommand(database.db, process.argv.slice(2), {
		out: (line) => console.log(line),
		err: (line) => console.error(line),
		readNewPassword
	})
);
