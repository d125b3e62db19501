"""The batch writer's story index keeps its story_keys rows back until its group commits (`StoryIndex(keep_back=True)`,
`save`): a group renamed, or a key gained twice, in one group costs no statement. These tests check that what is kept
back is read as if it were written, and that every commit writes exactly the rows a writer writing them at once
wrote."""
from __future__ import annotations

import random

import pytest

from extractor.store import open_db, story_index, write_transaction
from extractor.store.writer import BatchWriter, start_run
from extractor.stories import group_stories
from test_story_index import _check_index, _pool
from test_writer_bulk import _add_or_remove_one, _doc_result, _remembered_is_true, _story_state


def _with_kept_back(index: story_index.StoryIndex, conn) -> tuple:
    """`_story_state` of `conn` as it will be once `index` has saved what it keeps back."""
    documents, bands, keys, dirty = _story_state(conn)
    kept = {(key, group) for group, held in index._unsaved.items() for key in held}  # noqa: SLF001
    return documents, bands, sorted(set(keys) | kept), dirty


@pytest.mark.parametrize("seed", range(6))
def test_story_keys_kept_back_are_read_and_saved_as_if_written_at_once(tmp_path, seed):
    """Random additions and removals through an index that keeps its story_keys rows back, forgetting what it
    remembered now and then (as a failed file makes it), and saving now and then (as a commit does): at every step the
    rows it has written plus those it keeps back are the rows of an index writing them at once, and once it saves,
    the rows it has written are; after each regroup, the grouping is `group_stories`' from scratch."""
    pool = _pool(seed)
    rnd = random.Random(seed)
    kept, fresh = open_db(tmp_path / "kept.db"), open_db(tmp_path / "fresh.db")
    index = story_index.StoryIndex(kept.conn, keep_back=True)
    present: dict[str, bytes] = {}
    with write_transaction(kept), write_transaction(fresh):
        for step in range(150):
            _add_or_remove_one(rnd, pool, present, index, kept, fresh, 0.65)
            assert _with_kept_back(index, kept.conn) == _story_state(fresh.conn), f"after step {step}"
            _remembered_is_true(index, kept.conn)
            if rnd.random() < 0.1:
                index.forget()  # the rows kept back stay, and are found by the next look-ups
            if rnd.random() < 0.1:
                index.save()
                assert not index._unsaved and not index._unsaved_by_key  # noqa: SLF001
                assert _story_state(kept.conn) == _story_state(fresh.conn), f"saved after step {step}"
            if step % 15 == 14:
                index.regroup_dirty()
                story_index.regroup_dirty(fresh.conn)
                index.save()
                assert _story_state(kept.conn) == _story_state(fresh.conn)
                assert dict(kept.execute("SELECT id, story_id FROM documents")) == group_stories(present.items())
                _check_index(kept.conn)


@pytest.mark.parametrize("seed", range(3))
def test_each_commit_of_the_writer_writes_every_story_key_kept_back(tmp_path, seed):
    """Groups of a few files: after each commit nothing is kept back and the database holds what the index
    remembers; the batch ends grouped as `group_stories` groups, with the rows of a writer of one file a group."""
    pool = _pool(seed)
    order = sorted(pool)
    random.Random(seed).shuffle(order)
    states = []
    for name, commit_files in (("three.db", 3), ("one.db", 1)):
        db = open_db(tmp_path / name)
        run = start_run(db, "test", "processes", 1, "v")
        with BatchWriter(db, run, "v", commit_files=commit_files, commit_seconds=3600) as writer:
            for doc_id in order:
                commits = writer.commits
                writer.write(_doc_result(doc_id, pool[doc_id]))
                if writer.commits != commits:
                    assert not writer._stories._unsaved  # noqa: SLF001
                    assert _story_state(db.conn) == _with_kept_back(writer._stories, db.conn)  # noqa: SLF001
                _remembered_is_true(writer._stories, db.conn)  # noqa: SLF001
            writer.regroup_stories()
        assert not writer._stories._unsaved  # noqa: SLF001
        states.append(_story_state(db.conn))
        assert dict(db.execute("SELECT id, story_id FROM documents")) == group_stories(pool.items())
        _check_index(db.conn)
    assert states[0] == states[1]
