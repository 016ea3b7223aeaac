namespace DeadMan.Terminal;

/// <summary>The orders 's' cycles through; only file order keeps the separators.</summary>
public enum SortOrder
{
    File,
    DownFirst,
    Loss,
    Rtt,
    Name,
}
