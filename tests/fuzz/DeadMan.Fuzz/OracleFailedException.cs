namespace DeadMan.Fuzz;

/// <summary>A target saw deadman break one of its promises on this input.</summary>
public sealed class OracleFailedException(string claim) : Exception($"oracle failed: {claim}")
{
}
