using ImageGate.Core.Errors;

namespace ImageGate.DiskImages.Internal;

/// <summary>Helpers that turn damage into <see cref="BadInputException"/>s naming the image.</summary>
internal static class Fail
{
    public static BadInputException Bad(string image, string message, Exception? inner = null) => new(message, image, inner);

    /// <summary>Runs <paramref name="action"/>, turning the exceptions that damaged data can provoke in parsing code into
    /// a <see cref="BadInputException"/>; a safety net behind the explicit checks.</summary>
    public static T Guard<T>(string image, string what, Func<T> action)
    {
        try { return action(); }
        catch (Exception ex) when (IsDamage(ex)) { throw Bad(image, $"{what}: damaged data ({ex.Message})", ex); }
    }

    public static bool IsDamage(Exception ex) =>
        ex is IndexOutOfRangeException or ArgumentException or OverflowException
            or InvalidDataException or EndOfStreamException or FormatException;
}
