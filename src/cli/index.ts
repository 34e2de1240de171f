import { main } from './main.ts';

// `modelgate drift ... | head` closes the pipe early; that is the reader's choice, not an error
// worth a stack trace, so writes after it are dropped.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

process.exitCode = await main(process.argv);
