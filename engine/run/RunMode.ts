/** What a run does with validated candidates: execute them on forks (backtest), record them (paper), or send them (live). */
export type RunMode = 'backtest' | 'paper' | 'live'
