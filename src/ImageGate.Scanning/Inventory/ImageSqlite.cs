using ImageGate.Core.Errors;
using ImageGate.FileTrees;
using Microsoft.Data.Sqlite;

namespace ImageGate.Scanning.Inventory;

/// <summary>Reads an sqlite database found in an image: copies it (and its <c>-wal</c>, which may hold the newest
/// pages) to a private temporary directory, opens the copy read-only, runs one query and deletes the copy. Any sqlite
/// error (not a database, truncated, malformed, missing table) is bad input naming the database's path in the image.</summary>
internal static class ImageSqlite
{
    /// <summary>The rows <paramref name="read"/> makes of <paramref name="sql"/>'s result over the database at
    /// <paramref name="db"/>; <paramref name="what"/> names the database in errors (e.g. <c>rpm database</c>).</summary>
    public static List<T> Query<T>(IFileSystem fs, FileEntry db, string what, long maxBytes, string sql, Func<SqliteDataReader, IEnumerable<T>> read)
    {
        if (db.Size > maxBytes) throw new BadInputException($"{what} is implausibly large ({db.Size} bytes; at most {maxBytes} are read)", db.Path);
        var dir = Directory.CreateTempSubdirectory("imagegate-sqlite-");
        try
        {
            var copy = Path.Combine(dir.FullName, "db.sqlite");
            Copy(fs, db, copy, maxBytes, what);
            if (FileTree.Resolve(fs, db.Path + "-wal") is { Kind: EntryKind.File } wal) Copy(fs, wal, copy + "-wal", maxBytes, what);
            var rows = new List<T>();
            var builder = new SqliteConnectionStringBuilder { DataSource = copy, Mode = SqliteOpenMode.ReadOnly, Pooling = false };
            using var connection = new SqliteConnection(builder.ToString());
            try
            {
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = sql;
                using var reader = command.ExecuteReader();
                while (reader.Read()) rows.AddRange(read(reader));
            }
            catch (SqliteException ex)
            {
                throw new BadInputException($"{what} is not readable: {ex.Message}", db.Path, ex);
            }
            return rows;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { dir.Delete(recursive: true); } catch (IOException) { }
        }
    }

    private static void Copy(IFileSystem fs, FileEntry entry, string target, long maxBytes, string what)
    {
        if (entry.Size > maxBytes) throw new BadInputException($"{what} is implausibly large ({entry.Size} bytes; at most {maxBytes} are read)", entry.Path);
        using var source = fs.OpenRead(entry);
        using var output = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        source.CopyTo(output);
    }
}
