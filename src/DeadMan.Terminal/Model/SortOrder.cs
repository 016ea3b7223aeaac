namespace DeadMan.Terminal.Model;

/// <summary>
/// The orders 's' cycles through. File order, down first and name keep the groups of the file, with their
/// headers, and sort within each; loss and RTT rank all hosts together, without headers.
/// </summary>
public enum SortOrder
{
    File,
    DownFirst,
    Name,
    Loss,
    Rtt,
}
