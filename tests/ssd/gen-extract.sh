#!/bin/sh
# gen-extract.sh — write a small synthetic Standard Safeguarding Dataset
# extract (no real data: invented ids and dates) with every trap the SSD
# mapping must handle. Deterministic: the same files every run.
#
#   sh tests/ssd/gen-extract.sh DIR
#
# The traps, by person:
#   1001    CP plan, ISO, a review without a plan id (booked at the child's
#           ICPC), a review on the day the plan ends, ISO ending the day
#           a 12-month supervision order starts (end = start + 12 months);
#           every CP visit repeated in ssd_cin_visits with the same id, one
#           more repeated under another id at the same time; a visit at 00:30
#           (summer time); SQL Server datetimes with .000 and NULL cells
#   1002    ISO, review "plan continues" = Y, plan ended four days later
#           (Mosaic's derived flag: retained in Liquidlogic, not with
#           --set cms=mosaic); an open supervision order (no end date: the
#           default length is used and reported)
#   000123  leading zeros kept; a 6-month order recorded with its last day
#           (start + 6 months - 1 day) and extended by a second row; a visit
#           where the child was not seen; an assessment not yet authorised;
#           an IRO involvement and an allocated worker's
#   1004    ISO followed by an interim care order then a care order; a legal
#           status worded in capitals, one the lookup does not know
#   1005    an ISO that ends with no order after it (proceedings concluded
#           with no order only with --set infer_no_order=true)
#   (none)  a visit row with no person id (NULL)
set -e
dir=${1:?usage: gen-extract.sh DIR}
mkdir -p "$dir/config"

# Fortnightly visits from DAY for N visits: id prefix, person, time of day.
visits() { # prefix person first_day count time seen_alone_pattern
    i=0
    while [ "$i" -lt "$4" ]; do
        d=$(date -u -d "$3 + $((i * 14)) days" +%Y-%m-%d)
        alone=$(echo "$6" | cut -c$((i % ${#6} + 1)))
        echo "$1-$i,$2,$d $5:00.000,Y,$alone,Y"
        i=$((i + 1))
    done
}

{
    echo "cppl_cp_plan_id,cppl_referral_id,cppl_icpc_id,cppl_person_id,cppl_cp_plan_start_date,cppl_cp_plan_end_date,cppl_cp_plan_ola,cppl_cp_plan_initial_category,cppl_cp_plan_latest_category"
    echo "CPP-1001,R-1001,ICPC-1001,1001,2024-11-04 00:00:00.000,2025-01-30 00:00:00.000,N,Neglect,Neglect"
    echo "CPP-1002,R-1002,ICPC-1002,1002,2024-10-01 00:00:00.000,2025-02-24 00:00:00.000,N,Emotional abuse,Emotional abuse"
    echo "CPP-1004,R-1004,ICPC-1004,1004,2025-03-17 00:00:00.000,NULL,N,Physical abuse,Physical abuse"
} > "$dir/ssd_cp_plans.csv"

{
    echo "icpc_icpc_id,icpc_icpc_meeting_id,icpc_s47_enquiry_id,icpc_person_id,icpc_cp_plan_id,icpc_referral_id,icpc_icpc_transfer_in,icpc_icpc_target_date,icpc_icpc_date,icpc_icpc_outcome_cp_flag"
    echo "ICPC-1001,M-1,S47-1001,1001,CPP-1001,R-1001,N,2024-11-01 00:00:00.000,2024-11-04 10:00:00.000,Y"
    echo "ICPC-1002,M-2,S47-1002,1002,CPP-1002,R-1002,N,2024-09-30 00:00:00.000,2024-10-01 14:00:00.000,Y"
    echo "ICPC-1004,M-4,S47-1004,1004,CPP-1004,R-1004,N,2025-03-14 00:00:00.000,2025-03-17 11:00:00.000,Y"
} > "$dir/ssd_initial_cp_conference.csv"

{
    echo "cppr_cp_review_id,cppr_cp_plan_id,cppr_person_id,cppr_cp_review_due,cppr_cp_review_date,cppr_cp_review_meeting_id,cppr_cp_review_outcome_continue_cp,cppr_cp_review_quorate,cppr_cp_review_participation"
    # 1001: booked at the ICPC, held on the day the plan ends, plan not kept.
    echo "RV-1,CPP-1001,1001,2025-01-27 00:00:00.000,2025-01-30 10:00:00.000,M-11,N,Y,NULL"
    # 1002: kept while the ISO is in force; the plan ends four days later.
    echo "RV-2,CPP-1002,1002,2025-02-17 00:00:00.000,2025-02-20 10:00:00.000,M-12,Y,Y,NULL"
    # 1004: a review booked and not held yet (Liquidlogic keeps such rows).
    echo "RV-4,CPP-1004,1004,2025-06-16 00:00:00.000,NULL,NULL,NULL,NULL,NULL"
    # A review with neither a date nor a plan: not held, not booked.
    echo "RV-5,NULL,1004,NULL,NULL,NULL,NULL,NULL,NULL"
    # A review held before the system went live: no plan id, so it is
    # booked at the child's conference before it (the ICPC).
    echo "RV-6,NULL,1001,2024-12-02 00:00:00.000,2024-12-05 10:00:00.000,M-10,Y,Y,NULL"
} > "$dir/ssd_cp_reviews.csv"

{
    echo "lega_legal_status_id,lega_person_id,lega_legal_status,lega_legal_status_start_date,lega_legal_status_end_date"
    echo "LS-1,1001,Interim Supervision Order,2025-01-06 00:00:00.000,2025-03-03 00:00:00.000"
    echo "LS-2,1001,Supervision Order,2025-03-03 00:00:00.000,2026-03-03 00:00:00.000"
    echo "LS-3,1002,Interim Supervision Order,2025-02-10 00:00:00.000,2025-04-14 00:00:00.000"
    echo "LS-4,1002,Supervision Order,2025-04-14 00:00:00.000,NULL"
    echo "LS-5,000123,SUPERVISION ORDER,2024-09-04 00:00:00.000,2025-03-03 00:00:00.000"
    echo "LS-6,000123,Supervision Order,2025-03-04 00:00:00.000,2025-09-03 00:00:00.000"
    echo "LS-7,1004,Interim Supervision Order,2025-05-12 00:00:00.000,2025-07-01 00:00:00.000"
    echo "LS-8,1004,Interim Care Order,2025-07-01 00:00:00.000,2025-09-22 00:00:00.000"
    echo "LS-9,1004,Full Care Order,2025-09-22 00:00:00.000,NULL"
    echo "LS-10,1004,Placement with parents (local),2025-09-22 00:00:00.000,NULL"
    echo "LS-11,1005,Interim Supervision Order,2025-06-02 00:00:00.000,2025-08-11 00:00:00.000"
} > "$dir/ssd_legal_status.csv"

{
    echo "cina_assessment_id,cina_person_id,cina_referral_id,cina_assessment_start_date,cina_assessment_child_seen,cina_assessment_auth_date,cina_assessment_outcome_nfa"
    echo "A-1,1001,R-1001,2025-01-07 00:00:00.000,Y,2025-02-14 16:30:00.000,N"
    echo "A-2,000123,R-123,2025-02-03 00:00:00.000,Y,NULL,N"
    echo "A-3,1004,R-1004,2025-05-13 00:00:00.000,Y,2025-06-20 09:00:00.000,N"
} > "$dir/ssd_cin_assessments.csv"

cp_header="cppv_cp_visit_id,cppv_person_id,cppv_cp_visit_date,cppv_cp_visit_seen,cppv_cp_visit_seen_alone,cppv_cp_visit_bedroom"
cin_header="cinv_cin_visit_id,cinv_person_id,cinv_cin_visit_date,cinv_cin_visit_seen,cinv_cin_visit_seen_alone,cinv_cin_visit_bedroom"
{
    echo "$cp_header"
    visits CN1001 1001 2025-01-08 6 "10:15" YNYNNY
    visits CN1002 1002 2025-02-12 4 "15:45" NNYN
    echo "CN1004-0,1004,2025-03-19 00:30:00.000,Y,Y,N"
    echo "CN0000-0,NULL,2025-03-20 11:00:00.000,Y,Y,Y"
} > "$dir/ssd_cp_visits.csv"

{
    echo "$cin_header"
    # Liquidlogic: the CP visits again (note type STVC), same ids.
    visits CN1001 1001 2025-01-08 6 "10:15" YNYNNY
    visits CN1002 1002 2025-02-12 4 "15:45" NNYN
    # The same visit as CN1001-2 under another case-note id, same time.
    echo "CN9001-2,1001,2025-02-05 10:15:00.000,Y,Y,Y"
    # Visits outside a CP plan.
    visits CN123 000123 2024-09-11 5 "09:30" YYNYN
    echo "CN123-9,000123,2025-01-15 09:30:00.000,N,N,N"
    echo "CN1004-7,1004,2025-07-01 16:00:00.000,Y,NULL,NULL"
} > "$dir/ssd_cin_visits.csv"

{
    echo "invo_involvements_id,invo_person_id,invo_professional_id,invo_professional_role_id,invo_professional_team,invo_involvement_start_date,invo_involvement_end_date,invo_worker_change_reason,invo_referral_id"
    echo "IV-1,000123,P-77,IRO,T-IRO,2024-06-03 00:00:00.000,NULL,NULL,R-123"
    echo "IV-2,000123,P-12,CW,T-3,2024-06-03 00:00:00.000,NULL,NULL,R-123"
    echo "IV-3,1001,P-13,CW,T-3,2024-11-04 00:00:00.000,NULL,NULL,R-1001"
} > "$dir/ssd_involvements.csv"

{
    echo "lega_legal_status,class"
    echo "Interim Supervision Order,interim_supervision_order"
    echo "Supervision Order,supervision_order"
    echo "Interim Care Order,interim_care_order"
    echo "Full Care Order,care_order"
    echo "Special Guardianship Order,special_guardianship_order"
    echo "Child Arrangements Order,child_arrangements_order"
    echo "Section 20 accommodation,other"
} > "$dir/config/legal_status_lookup.csv"

{
    echo "invo_professional_role_id,role"
    echo "IRO,iro"
    echo "CW,other"
} > "$dir/config/involvement_role_lookup.csv"
