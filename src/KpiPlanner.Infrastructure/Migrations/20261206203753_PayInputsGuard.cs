using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace KpiPlanner.Infrastructure.Migrations
{
    /// <inheritdoc />
    public partial class PayInputsGuard : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                -- What else the pay run reads. A change that would alter a closed month's pay — a calendar day in it, a scheme
                -- version in force in it — is refused by the database whatever path made it; an open month it alters becomes stale
                -- (its counter moves, like a fact's write). A change of a person's hire or leave date, position or department marks
                -- every open month from the earliest date involved stale; a closed month keeps the pay lines it was closed with.
                CREATE FUNCTION kpi_pay_inputs_changed(months date[], refuse_closed boolean) RETURNS void LANGUAGE plpgsql AS $$
                DECLARE
                    closed_month date;
                BEGIN
                    IF months IS NULL OR cardinality(months) = 0 THEN
                        RETURN;
                    END IF;
                    IF refuse_closed THEN
                        WITH touched AS (
                            UPDATE periods p SET figures_version = p.figures_version + 1
                            WHERE p.month = ANY(months)
                            RETURNING p.month, p.status)
                        SELECT t.month INTO closed_month FROM touched t WHERE t.status = 'Closed' ORDER BY t.month LIMIT 1;
                        PERFORM kpi_closed_period_check(closed_month);
                    ELSE
                        UPDATE periods p SET figures_version = p.figures_version + 1 WHERE p.month = ANY(months) AND p.status <> 'Closed';
                    END IF;
                END $$;
                CREATE FUNCTION kpi_calendar_days_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'DELETE' THEN
                        PERFORM kpi_pay_inputs_changed(ARRAY(SELECT DISTINCT date_trunc('month', n.date)::date FROM new_rows n), true);
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM kpi_pay_inputs_changed(ARRAY(SELECT DISTINCT date_trunc('month', o.date)::date FROM old_rows o), true);
                    END IF;
                    RETURN NULL;
                END $$;
                -- The months a scheme version is in force in (from its month to the month of the position's next version) whose
                -- pay it alters: every open one, and a closed one only where someone of that position was paid in it.
                CREATE FUNCTION kpi_scheme_months(position_ids integer[], starts date[]) RETURNS date[] LANGUAGE sql STABLE AS $$
                    SELECT coalesce(array_agg(DISTINCT p.month), '{}')
                    FROM unnest(position_ids, starts) AS r(position_id, effective_from)
                    JOIN periods p ON p.month >= date_trunc('month', r.effective_from)::date
                        AND p.month < coalesce((SELECT date_trunc('month', min(s.effective_from))::date FROM scheme_versions s
                                                WHERE s.position_id = r.position_id AND s.effective_from > r.effective_from), 'infinity'::date)
                    WHERE p.status <> 'Closed'
                       OR EXISTS (SELECT 1 FROM pay_lines l WHERE l.month = p.month AND l.position_id = r.position_id)
                $$;
                CREATE FUNCTION kpi_scheme_versions_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP <> 'DELETE' THEN
                        PERFORM kpi_pay_inputs_changed(kpi_scheme_months(
                            ARRAY(SELECT n.position_id FROM new_rows n ORDER BY n.id), ARRAY(SELECT n.effective_from FROM new_rows n ORDER BY n.id)), true);
                    END IF;
                    IF TG_OP <> 'INSERT' THEN
                        PERFORM kpi_pay_inputs_changed(kpi_scheme_months(
                            ARRAY(SELECT o.position_id FROM old_rows o ORDER BY o.id), ARRAY(SELECT o.effective_from FROM old_rows o ORDER BY o.id)), true);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE FUNCTION kpi_employees_changed() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    earliest date;
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        SELECT min(n.hire_date) INTO earliest FROM new_rows n;
                    ELSIF TG_OP = 'DELETE' THEN
                        SELECT min(o.hire_date) INTO earliest FROM old_rows o;
                    ELSE
                        SELECT min(least(o.hire_date, n.hire_date)) INTO earliest FROM old_rows o JOIN new_rows n ON n.id = o.id
                        WHERE (o.hire_date, o.leave_date, o.position_id, o.department_id) IS DISTINCT FROM (n.hire_date, n.leave_date, n.position_id, n.department_id);
                    END IF;
                    IF earliest IS NOT NULL THEN
                        PERFORM kpi_pay_inputs_changed(ARRAY(SELECT p.month FROM periods p WHERE p.month >= date_trunc('month', earliest)::date), false);
                    END IF;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER trg_calendar_days_pay_insert AFTER INSERT ON calendar_days
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_calendar_days_changed();
                CREATE TRIGGER trg_calendar_days_pay_update AFTER UPDATE ON calendar_days
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_calendar_days_changed();
                CREATE TRIGGER trg_calendar_days_pay_delete AFTER DELETE ON calendar_days
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_calendar_days_changed();
                CREATE TRIGGER trg_scheme_versions_pay_insert AFTER INSERT ON scheme_versions
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_scheme_versions_changed();
                CREATE TRIGGER trg_scheme_versions_pay_update AFTER UPDATE ON scheme_versions
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_scheme_versions_changed();
                CREATE TRIGGER trg_scheme_versions_pay_delete AFTER DELETE ON scheme_versions
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_scheme_versions_changed();
                CREATE TRIGGER trg_employees_pay_insert AFTER INSERT ON employees
                    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_employees_changed();
                CREATE TRIGGER trg_employees_pay_update AFTER UPDATE ON employees
                    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_employees_changed();
                CREATE TRIGGER trg_employees_pay_delete AFTER DELETE ON employees
                    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kpi_employees_changed();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER trg_calendar_days_pay_insert ON calendar_days;
                DROP TRIGGER trg_calendar_days_pay_update ON calendar_days;
                DROP TRIGGER trg_calendar_days_pay_delete ON calendar_days;
                DROP TRIGGER trg_scheme_versions_pay_insert ON scheme_versions;
                DROP TRIGGER trg_scheme_versions_pay_update ON scheme_versions;
                DROP TRIGGER trg_scheme_versions_pay_delete ON scheme_versions;
                DROP TRIGGER trg_employees_pay_insert ON employees;
                DROP TRIGGER trg_employees_pay_update ON employees;
                DROP TRIGGER trg_employees_pay_delete ON employees;
                DROP FUNCTION kpi_employees_changed();
                DROP FUNCTION kpi_scheme_versions_changed();
                DROP FUNCTION kpi_scheme_months(integer[], date[]);
                DROP FUNCTION kpi_calendar_days_changed();
                DROP FUNCTION kpi_pay_inputs_changed(date[], boolean);
                """);
        }
    }
}
