using System.Globalization;
using ImageGate.Core.Errors;

namespace ImageGate.Endorsement.Publishing;

/// <summary>How long a published list stays valid: <see cref="DefaultDays"/> unless told otherwise, more than zero
/// and at most <see cref="MaxDays"/> days, or until an absolute time.</summary>
public static class ListExpiry
{
    /// <summary>The validity of a list when none is given, in days (four weekly publications may fail before sites stop).</summary>
    public const int DefaultDays = 28;

    /// <summary>The longest validity a list may be given, in days (about ten years).</summary>
    public const int MaxDays = 3660;

    /// <summary>The validity of a list when none is given.</summary>
    public static TimeSpan Default { get; } = TimeSpan.FromDays(DefaultDays);

    /// <summary>The validity for <paramref name="days"/> (null: <see cref="Default"/>); <see cref="BadInputException"/>
    /// naming <paramref name="option"/> unless 0 &lt; days ≤ <see cref="MaxDays"/>.</summary>
    public static TimeSpan FromDays(double? days, string option = "--expires-in")
    {
        var value = days ?? DefaultDays;
        if (!(value > 0 && value <= MaxDays))
            throw new BadInputException($"{option} {value} must be between 0 and {MaxDays} days");
        return TimeSpan.FromDays(value);
    }

    /// <summary>An absolute expiry time (ISO 8601; no offset means UTC), in UTC; <see cref="BadInputException"/> naming
    /// <paramref name="option"/> when <paramref name="text"/> is not a time.</summary>
    public static DateTimeOffset ParseTime(string text, string option = "--expires-at")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            throw new BadInputException($"{option} '{text}' is not a time (use ISO 8601, e.g. 2026-12-31T00:00:00Z)");
        return parsed;
    }
}
