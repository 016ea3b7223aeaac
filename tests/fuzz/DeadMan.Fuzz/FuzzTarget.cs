namespace DeadMan.Fuzz;

/// <summary>One fuzz target: takes any bytes, and throws only when deadman misbehaves (an oracle failed, or a bug threw).</summary>
public delegate void FuzzTarget(ReadOnlySpan<byte> input);
