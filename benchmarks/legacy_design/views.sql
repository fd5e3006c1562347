-- The legacy design reads moderation from a `reported` boolean, which this project replaced by a `status`
-- column: these views present `status <> 'published'` as `reported` (Q_TABLE, A_TABLE). PostgreSQL inlines
-- them, so the legacy design's queries run the same plans through the same partial indexes.
CREATE OR REPLACE VIEW legacy_design_question AS
    SELECT id, product_id, body, date_written, asker_name, helpfulness, status <> 'published' AS reported
    FROM questions_question;
CREATE OR REPLACE VIEW legacy_design_answer AS
    SELECT id, question_id, body, date_written, answerer_name, helpfulness, status <> 'published' AS reported
    FROM answers_answer;
